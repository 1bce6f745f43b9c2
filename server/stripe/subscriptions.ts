// Subscriptions started through Checkout, each tied to the conversion of its first payment (or
// free start): the renewals (invoice.paid) are credited through it, while the program's
// recurring_months last from its first paid billing period.
import { type Clock, toIso } from "../lib/clock";
import type { StripeSubscriptionsTable } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

export async function saveSubscription(
  tenant: ModeQueries,
  clock: Clock,
  subscription: {
    subscriptionId: string;
    firstConversionId: string;
    startedAt: string;
    /** When the first payment was above zero: startedAt; for a free start (a trial): null. */
    paidFrom: string | null;
  },
): Promise<void> {
  await tenant
    .insertInto("stripe_subscriptions", {
      subscription_id: subscription.subscriptionId,
      first_conversion_id: subscription.firstConversionId,
      started_at: subscription.startedAt,
      paid_from: subscription.paidFrom,
      created_at: toIso(clock.now()),
    })
    .onConflict((oc) => oc.columns(["merchant_id", "mode", "subscription_id"]).doNothing())
    .execute();
}

export function findSubscription(
  tenant: ModeQueries,
  subscriptionId: string,
): Promise<StripeSubscriptionsTable | undefined> {
  return tenant
    .selectFrom("stripe_subscriptions")
    .selectAll()
    .where("subscription_id", "=", subscriptionId)
    .executeTakeFirst();
}

/**
 * A payment above zero of the billing period starting at `periodStart`: recurring_months count
 * from the earliest such period. Answers where they count from now.
 */
export async function notePaidPeriod(
  tenant: ModeQueries,
  subscription: StripeSubscriptionsTable,
  periodStart: string,
): Promise<string> {
  if (subscription.paid_from !== null && subscription.paid_from <= periodStart) {
    return subscription.paid_from;
  }
  await tenant
    .updateTable("stripe_subscriptions")
    .set({ paid_from: periodStart })
    .where("subscription_id", "=", subscription.subscription_id)
    .where((eb) => eb.or([eb("paid_from", "is", null), eb("paid_from", ">", periodStart)]))
    .execute();
  const now = await findSubscription(tenant, subscription.subscription_id);
  return now?.paid_from ?? periodStart;
}

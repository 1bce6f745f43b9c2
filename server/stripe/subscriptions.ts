// Subscriptions started through Checkout, each tied to the conversion of its first payment: the
// renewals (invoice.paid) are credited through it.
import { type Clock, toIso } from "../lib/clock";
import type { StripeSubscriptionsTable } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

export async function saveSubscription(
  tenant: ModeQueries,
  clock: Clock,
  subscription: { subscriptionId: string; firstConversionId: string; startedAt: string },
): Promise<void> {
  await tenant
    .insertInto("stripe_subscriptions", {
      subscription_id: subscription.subscriptionId,
      first_conversion_id: subscription.firstConversionId,
      started_at: subscription.startedAt,
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

// Subscriptions started through Checkout, each tied to the conversion of its first payment: the
// renewals (invoice.paid) are credited through it.
import type { Kysely } from "kysely";
import { type Clock, toIso } from "../lib/clock";
import type { Database, StripeSubscriptionsTable } from "../store/schema";
import type { Scope } from "./links";

export async function saveSubscription(
  db: Kysely<Database>,
  clock: Clock,
  scope: Scope,
  subscription: { subscriptionId: string; firstConversionId: string; startedAt: string },
): Promise<void> {
  await db
    .insertInto("stripe_subscriptions")
    .values({
      merchant_id: scope.merchantId,
      mode: scope.mode,
      subscription_id: subscription.subscriptionId,
      first_conversion_id: subscription.firstConversionId,
      started_at: subscription.startedAt,
      created_at: toIso(clock.now()),
    })
    .onConflict((oc) => oc.columns(["merchant_id", "mode", "subscription_id"]).doNothing())
    .execute();
}

export async function findSubscription(
  db: Kysely<Database>,
  scope: Scope,
  subscriptionId: string,
): Promise<StripeSubscriptionsTable | undefined> {
  return db
    .selectFrom("stripe_subscriptions")
    .selectAll()
    .where("merchant_id", "=", scope.merchantId)
    .where("mode", "=", scope.mode)
    .where("subscription_id", "=", subscriptionId)
    .executeTakeFirst();
}

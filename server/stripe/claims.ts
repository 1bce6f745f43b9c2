// Received Stripe events, one row per event id: the row is the lock that makes Stripe's retries
// (and concurrent duplicate deliveries) do nothing twice. The first delivery inserts it as
// `processing` and, when done, stores what it did; a delivery that fails releases it so Stripe's
// retry can try again.
import type { Mode } from "../contract/key-format";
import { type Clock, toIso } from "../lib/clock";
import type { StripeEventsTable } from "../store/schema";
import type { MerchantQueries } from "../store/tenant";

export const PROCESSING = "processing";

/**
 * A delivery that died mid-way (a crash) leaves its claim behind; after this long a redelivery
 * may take the event over. Every step is idempotent on its own (unique transaction and refund
 * ids), so a takeover never counts anything twice.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;

export type Claim = { claimed: true } | { claimed: false; first: StripeEventsTable };

export async function claimEvent(
  tenant: MerchantQueries,
  clock: Clock,
  event: { eventId: string; mode: Mode; type: string; requestId: string },
): Promise<Claim> {
  const now = clock.now();
  const inserted = await tenant
    .insertInto("stripe_events", {
      event_id: event.eventId,
      mode: event.mode,
      type: event.type,
      received_at: toIso(now),
      request_id: event.requestId,
      outcome: PROCESSING,
      conversion_id: null,
    })
    .onConflict((oc) => oc.columns(["merchant_id", "event_id"]).doNothing())
    .returning("event_id")
    .executeTakeFirst();
  if (inserted) return { claimed: true };

  const first = await tenant
    .selectFrom("stripe_events")
    .selectAll()
    .where("event_id", "=", event.eventId)
    .executeTakeFirstOrThrow();
  if (
    first.outcome === PROCESSING &&
    Date.parse(first.received_at) < now.getTime() - CLAIM_LEASE_MS
  ) {
    // Conditional on the stale claim, so of several redeliveries only one takes over.
    const taken = await tenant
      .updateTable("stripe_events")
      .set({ received_at: toIso(now), request_id: event.requestId })
      .where("event_id", "=", event.eventId)
      .where("outcome", "=", PROCESSING)
      .where("received_at", "=", first.received_at)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return { claimed: true };
  }
  return { claimed: false, first };
}

export async function finishEvent(
  tenant: MerchantQueries,
  eventId: string,
  outcome: string,
  conversionId: string | null,
): Promise<void> {
  await tenant
    .updateTable("stripe_events")
    .set({ outcome, conversion_id: conversionId })
    .where("event_id", "=", eventId)
    .execute();
}

/** After a failure: the next delivery starts afresh. */
export async function releaseEvent(
  tenant: MerchantQueries,
  event: { eventId: string; requestId: string },
): Promise<void> {
  await tenant
    .deleteFrom("stripe_events")
    .where("event_id", "=", event.eventId)
    .where("outcome", "=", PROCESSING)
    .where("request_id", "=", event.requestId)
    .execute();
}

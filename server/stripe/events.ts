// Received Stripe events, one row per event id: the row is the lock that makes Stripe's retries
// (and concurrent duplicate deliveries) do nothing twice. The first delivery inserts it as
// `processing` and, when done, stores what it did; a delivery that fails releases it so Stripe's
// retry can try again.
import type { Kysely } from "kysely";
import type { Mode } from "../contract/key-format";
import { type Clock, toIso } from "../lib/clock";
import type { Database, StripeEventsTable } from "../store/schema";

export const PROCESSING = "processing";

/**
 * A delivery that died mid-way (a crash) leaves its claim behind; after this long a redelivery
 * may take the event over. Every step is idempotent on its own (unique transaction and refund
 * ids), so a takeover never counts anything twice.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;

export interface EventKey {
  merchantId: string;
  eventId: string;
}

export type Claim = { claimed: true } | { claimed: false; first: StripeEventsTable };

export async function claimEvent(
  db: Kysely<Database>,
  clock: Clock,
  key: EventKey & { mode: Mode; type: string; requestId: string },
): Promise<Claim> {
  const now = clock.now();
  const inserted = await db
    .insertInto("stripe_events")
    .values({
      merchant_id: key.merchantId,
      event_id: key.eventId,
      mode: key.mode,
      type: key.type,
      received_at: toIso(now),
      request_id: key.requestId,
      outcome: PROCESSING,
      conversion_id: null,
    })
    .onConflict((oc) => oc.columns(["merchant_id", "event_id"]).doNothing())
    .returning("event_id")
    .executeTakeFirst();
  if (inserted) return { claimed: true };

  const first = await db
    .selectFrom("stripe_events")
    .selectAll()
    .where("merchant_id", "=", key.merchantId)
    .where("event_id", "=", key.eventId)
    .executeTakeFirstOrThrow();
  if (
    first.outcome === PROCESSING &&
    Date.parse(first.received_at) < now.getTime() - CLAIM_LEASE_MS
  ) {
    // Conditional on the stale claim, so of several redeliveries only one takes over.
    const taken = await db
      .updateTable("stripe_events")
      .set({ received_at: toIso(now), request_id: key.requestId })
      .where("merchant_id", "=", key.merchantId)
      .where("event_id", "=", key.eventId)
      .where("outcome", "=", PROCESSING)
      .where("received_at", "=", first.received_at)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return { claimed: true };
  }
  return { claimed: false, first };
}

export async function finishEvent(
  db: Kysely<Database>,
  key: EventKey,
  outcome: string,
  conversionId: string | null,
): Promise<void> {
  await db
    .updateTable("stripe_events")
    .set({ outcome, conversion_id: conversionId })
    .where("merchant_id", "=", key.merchantId)
    .where("event_id", "=", key.eventId)
    .execute();
}

/** After a failure: the next delivery starts afresh. */
export async function releaseEvent(
  db: Kysely<Database>,
  key: EventKey & { requestId: string },
): Promise<void> {
  await db
    .deleteFrom("stripe_events")
    .where("merchant_id", "=", key.merchantId)
    .where("event_id", "=", key.eventId)
    .where("outcome", "=", PROCESSING)
    .where("request_id", "=", key.requestId)
    .execute();
}

// Received Stripe events, one row per event id: the row is the lock that makes Stripe's retries
// (and concurrent duplicate deliveries) do nothing twice. The first delivery inserts it as
// `processing` and, when done, stores what it did; a delivery that fails releases it so Stripe's
// retry can try again. An event that was only kept for later (`pending`) or given up (`expired`)
// was not acted on: a redelivery claims it again, as do the wake-ups and the periodic pass.
import type { Mode } from "../contract/key-format";
import type { WebhookOutcome } from "../contract/schemas/stripe";
import { type Clock, toIso } from "../lib/clock";
import type { StripeEventsTable } from "../store/schema";
import type { MerchantQueries } from "../store/tenant";

export const PROCESSING = "processing";
/** Kept until what it refers to arrives (stripe/pending.ts). */
const PENDING = "pending";
/** Kept too long and given up; a redelivery tries again. */
const EXPIRED = "expired";

/** Outcomes after which the event has not been acted on yet: a delivery may take it. */
const RETRYABLE = [PENDING, EXPIRED];

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
  if (await takeOver(tenant, now, event, first)) return { claimed: true };
  return { claimed: false, first };
}

/**
 * Claims an event whose row exists: one kept for later or given up, or one whose claim is stale.
 * Conditional on the row as read, so of several takers only one wins.
 */
async function takeOver(
  tenant: MerchantQueries,
  now: Date,
  event: { eventId: string; requestId: string },
  row: StripeEventsTable,
): Promise<boolean> {
  const stale =
    row.outcome === PROCESSING && Date.parse(row.received_at) < now.getTime() - CLAIM_LEASE_MS;
  if (!stale && !RETRYABLE.includes(row.outcome)) return false;
  const taken = await tenant
    .updateTable("stripe_events")
    .set({ outcome: PROCESSING, received_at: toIso(now), request_id: event.requestId })
    .where("event_id", "=", event.eventId)
    .where("outcome", "=", row.outcome)
    .where("received_at", "=", row.received_at)
    .where("request_id", "=", row.request_id)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/**
 * `busy`: another delivery is handling it right now. `done`: it was acted on already, and what
 * was kept of it is left over.
 */
type PendingClaim = "claimed" | "busy" | "done";

/**
 * Claims a kept event to try it again (a wake-up, the periodic pass). A kept event whose row is
 * missing (its first delivery failed after keeping it) is claimed anew.
 */
export async function claimPendingEvent(
  tenant: MerchantQueries,
  clock: Clock,
  event: { eventId: string; mode: Mode; type: string; requestId: string },
): Promise<PendingClaim> {
  const now = clock.now();
  const row = await tenant
    .selectFrom("stripe_events")
    .selectAll()
    .where("event_id", "=", event.eventId)
    .executeTakeFirst();
  if (!row) return (await claimEvent(tenant, clock, event)).claimed ? "claimed" : "busy";
  if (await takeOver(tenant, now, event, row)) return "claimed";
  return row.outcome === PROCESSING || RETRYABLE.includes(row.outcome) ? "busy" : "done";
}

export async function finishEvent(
  tenant: MerchantQueries,
  eventId: string,
  outcome: WebhookOutcome,
  conversionId: string | null,
): Promise<void> {
  await tenant
    .updateTable("stripe_events")
    .set({ outcome, conversion_id: conversionId })
    .where("event_id", "=", eventId)
    .execute();
}

/** After a failure of a kept event tried again: it stays kept, for the next try. */
export async function returnToPending(
  tenant: MerchantQueries,
  event: { eventId: string; requestId: string },
): Promise<void> {
  await tenant
    .updateTable("stripe_events")
    .set({ outcome: PENDING })
    .where("event_id", "=", event.eventId)
    .where("outcome", "=", PROCESSING)
    .where("request_id", "=", event.requestId)
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

// Events that arrive before what they refer to — a refund, a dispute or a renewal before its
// Checkout Session; a first invoice before its session; a session before the invoice that carries
// its subscription's click id — are kept here, never dropped (Stripe does not promise order, and
// merchants resend old events). Each waits for Stripe ids (a subscription, a payment intent, a
// charge, an invoice); when an event makes one of them known, the events waiting for it are
// tried again (stripe/processing.ts), and a periodic pass (stripe/pending-sweep.ts) tries or
// expires what is left.
import type { Clock } from "../lib/clock";
import { toIso } from "../lib/clock";
import type { StripePendingEventsTable } from "../store/schema";
import type { ModeQueries } from "../store/tenant";
import {
  auditEvent,
  type EventScope,
  type EventServices,
  type Handled,
  tenantOf,
  type Wake,
} from "./event-context";
import type { VerifiedEvent } from "./verify";

interface ParkRequest {
  /** The Stripe ids whose arrival may let the event proceed. */
  waitsOn: string[];
  /** Why it waits, e.g. REFUND_AWAITING_PAYMENT. */
  reason: string;
  detail: string;
  facts?: Record<string, unknown>;
  /** Pending events to try again now that this one is kept (a session waiting for it). */
  wake?: Wake;
}

export type Awaited<T> =
  | { kind: "found"; value: T }
  /** Kept: answer with `handled`. */
  | { kind: "parked"; handled: Handled }
  /** Kept too long (scope.waitExpired): the caller gives its final answer without it. */
  | { kind: "expired" };

/**
 * What `find` looks for, or the event kept until it arrives. The event is kept first and `find`
 * asked again second, so what arrived in between (and woke nobody, the event not being kept yet)
 * is seen. The first time an event is kept, the audit log says so.
 */
export async function awaitOrPark<T>(
  services: EventServices,
  scope: EventScope,
  request: ParkRequest,
  find: () => Promise<T | null | undefined>,
): Promise<Awaited<T>> {
  const found = await find();
  if (found) return { kind: "found", value: found };
  if (scope.waitExpired) return { kind: "expired" };
  const tenant = tenantOf(services, scope);
  const isNew = await keepPending(tenant, services.clock, scope, request);
  const again = await find();
  if (again) return { kind: "found", value: again };
  if (isNew) {
    await auditEvent(services, scope, "pending", request.reason, {
      facts: { ...request.facts, waits_for: request.waitsOn, detail: request.detail },
    });
  }
  return {
    kind: "parked",
    handled: {
      outcome: "pending",
      reason: request.reason,
      conversionId: null,
      ...(request.wake ? { wake: request.wake } : {}),
    },
  };
}

/** Keeps the event (once) with what it waits for; true when it was not kept before. */
async function keepPending(
  tenant: ModeQueries,
  clock: Clock,
  scope: EventScope,
  request: ParkRequest,
): Promise<boolean> {
  const now = toIso(clock.now());
  const inserted = await tenant
    .insertInto("stripe_pending_events", {
      event_id: scope.event.id,
      event_type: scope.event.type,
      event_created: scope.event.created,
      payload: JSON.stringify(scope.event),
      reason: request.reason,
      request_id: scope.requestId,
      parked_at: now,
      checked_at: now,
      woken: 0,
    })
    .onConflict((oc) => oc.columns(["merchant_id", "mode", "event_id"]).doNothing())
    .returning("event_id")
    .executeTakeFirst();
  if (!inserted) {
    await tenant
      .updateTable("stripe_pending_events")
      .set({ checked_at: now, reason: request.reason })
      .where("event_id", "=", scope.event.id)
      .execute();
  }
  const ids = [...new Set(request.waitsOn)];
  if (ids.length > 0) {
    await tenant
      .insertInto(
        "stripe_pending_refs",
        ids.map((stripeId) => ({ stripe_id: stripeId, event_id: scope.event.id })),
      )
      .onConflict((oc) => oc.columns(["merchant_id", "mode", "stripe_id", "event_id"]).doNothing())
      .execute();
  }
  return inserted !== undefined;
}

export function findPending(
  tenant: ModeQueries,
  eventId: string,
): Promise<StripePendingEventsTable | undefined> {
  return tenant
    .selectFrom("stripe_pending_events")
    .selectAll()
    .where("event_id", "=", eventId)
    .executeTakeFirst();
}

export function pendingEventOf(row: StripePendingEventsTable): VerifiedEvent {
  return JSON.parse(row.payload) as VerifiedEvent;
}

/**
 * The kept events waiting for any of these ids (optionally of these types only), in the order
 * Stripe created them: a dispute's creation before its closing, a refund before a larger one.
 */
export async function pendingWaitingFor(
  tenant: ModeQueries,
  ids: string[],
  types?: ReadonlyArray<string>,
): Promise<StripePendingEventsTable[]> {
  if (ids.length === 0) return [];
  const refs = await tenant
    .selectFrom("stripe_pending_refs")
    .select("event_id")
    .where("stripe_id", "in", [...new Set(ids)])
    .execute();
  const eventIds = [...new Set(refs.map((ref) => ref.event_id))];
  if (eventIds.length === 0) return [];
  let query = tenant
    .selectFrom("stripe_pending_events")
    .selectAll()
    .where("event_id", "in", eventIds);
  if (types) query = query.where("event_type", "in", [...types]);
  return query.orderBy("event_created").orderBy("parked_at").orderBy("event_id").execute();
}

/** The event is done with (applied, given up, or handled by another way): no longer kept. */
export async function forgetPending(tenant: ModeQueries, eventId: string): Promise<void> {
  // Most events were never kept: a read costs no write (and, on SQLite, no sync).
  if (!(await findPending(tenant, eventId))) return;
  await tenant.deleteFrom("stripe_pending_refs").where("event_id", "=", eventId).execute();
  await tenant.deleteFrom("stripe_pending_events").where("event_id", "=", eventId).execute();
}

/** A wake-up found the event being handled: its handler tries again when done. */
export async function markWoken(tenant: ModeQueries, eventId: string): Promise<void> {
  await tenant
    .updateTable("stripe_pending_events")
    .set({ woken: 1 })
    .where("event_id", "=", eventId)
    .execute();
}

/** Whether a wake-up came while the event was handled (and forgets that it did). */
export async function takeWoken(tenant: ModeQueries, eventId: string): Promise<boolean> {
  // Mostly it did not: a read costs no write.
  if ((await findPending(tenant, eventId))?.woken !== 1) return false;
  const result = await tenant
    .updateTable("stripe_pending_events")
    .set({ woken: 0 })
    .where("event_id", "=", eventId)
    .where("woken", "=", 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

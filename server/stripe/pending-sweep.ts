// The periodic pass over kept Stripe events (pending.ts): each is tried again — what it waited for
// may have arrived while a wake-up was lost (a crash between an event's commit and its wake-ups)
// — and one kept longer than it may wait is given its final answer: a refund, dispute or invoice
// is given up with an audit entry saying so, a Checkout Session waiting for its subscription's
// click id is recorded with what it has. `selgeo serve` runs it every few minutes; several
// servers may run it at once, each event being claimed by one of them.
import { HOUR_MS } from "../lib/clock";
import { newId } from "../lib/ids";
import { longestUncheckedPendingEvents } from "../store/cross-tenant";
import type { EventServices } from "./event-context";
import { CHECKOUT_EVENT_TYPES } from "./event-types/checkout-session-completed";
import { RENEWAL_AWAITING_DISCOUNT } from "./event-types/invoice-paid";
import { resumePending } from "./processing";

interface SweepOptions {
  /** How long an event is kept before it is given up (STRIPE_PENDING_MAX_AGE_HOURS). */
  maxAgeMs: number;
  /** How many kept events one pass looks at, longest unchecked first. */
  batchSize?: number;
}

interface SweepReport {
  /** Acted on now: applied, or recorded with what they had. */
  applied: number;
  /** Given up, kept too long. */
  expired: number;
  /** Still waiting. */
  kept: number;
  /** Being handled by another delivery, or failed (logged). */
  skipped: number;
}

/**
 * A session normally waits seconds for its subscription's first invoice: when that never comes
 * (invoice.paid is not sent to Selgeo), the sale is recorded after an hour, not days later.
 */
const CHECKOUT_MAX_WAIT_MS = HOUR_MS;

/**
 * A renewal waiting for its discount's customer.discount.* event (normally sent with the
 * subscription's creation, months before): when the endpoint does not receive those events, the
 * renewal is recorded without a code after an hour, not days later.
 */
const DISCOUNT_MAX_WAIT_MS = HOUR_MS;

const DEFAULT_BATCH = 500;

export async function sweepPendingEvents(
  services: EventServices,
  options: SweepOptions,
): Promise<SweepReport> {
  const report: SweepReport = { applied: 0, expired: 0, kept: 0, skipped: 0 };
  // The pass is a request of its own: `selgeo audit req_…` shows what it decided.
  const requestId = newId("req");
  const now = services.clock.now().getTime();
  const due = await longestUncheckedPendingEvents(
    services.store.db,
    options.batchSize ?? DEFAULT_BATCH,
  );
  for (const event of due) {
    const isCheckout = (CHECKOUT_EVENT_TYPES as ReadonlyArray<string>).includes(event.eventType);
    const maxAge = isCheckout
      ? Math.min(options.maxAgeMs, CHECKOUT_MAX_WAIT_MS)
      : event.reason === RENEWAL_AWAITING_DISCOUNT
        ? Math.min(options.maxAgeMs, DISCOUNT_MAX_WAIT_MS)
        : options.maxAgeMs;
    const waitExpired = Date.parse(event.parkedAt) <= now - maxAge;
    try {
      const handled = await resumePending(
        services,
        { merchantId: event.merchantId, mode: event.mode, requestId },
        event.eventId,
        { waitExpired },
      );
      if (!handled) report.skipped += 1;
      else if (handled.outcome === "pending") report.kept += 1;
      else if (handled.outcome === "expired") report.expired += 1;
      else report.applied += 1;
    } catch (error) {
      report.skipped += 1;
      services.logger.error({ err: error, event_id: event.eventId }, "kept stripe event failed");
    }
  }
  return report;
}

/** Runs the pass every `intervalMs` (never two at once) until stopped. */
export function startPendingSweeper(
  services: EventServices,
  options: SweepOptions & { intervalMs: number },
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepPendingEvents(services, options)
      .then((report) => {
        if (report.applied + report.expired > 0) {
          services.logger.info(report, "kept stripe events: periodic pass");
        }
      })
      .catch((error: unknown) =>
        services.logger.error({ err: error }, "kept stripe events: periodic pass failed"),
      )
      .finally(() => {
        running = undefined;
      });
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

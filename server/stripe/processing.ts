// Acting on a claimed event: its type's handler (dispatch.ts), then what the handler answered:
// the outcome stored on the event's claim, the event no longer kept once acted on, and the kept
// events waiting for the Stripe ids it made known tried again — right after, each under its own
// claim, so a kept refund is applied once whether its checkout's delivery, a redelivery of the
// refund or the periodic pass gets to it first.
import { merchantScoped, scoped } from "../store/tenant";
import { claimPendingEvent, finishEvent, releaseEvent, returnToPending } from "./claims";
import { dispatchEvent } from "./dispatch";
import type { EventScope, EventServices, Handled, Wake } from "./event-context";
import { idsPaidThroughInvoices } from "./links";
import {
  findPending,
  forgetPending,
  markWoken,
  pendingEventOf,
  pendingWaitingFor,
  takeWoken,
} from "./pending";

/** How an event came to be handled: its delivery, or a later try of a kept event. */
type Origin = "delivery" | "resume";

/**
 * What the kept events tried again during one request ended with, by event id. A kept event can
 * wake another that applies it in turn (an invoice wakes its session, the session the invoice):
 * its own handler must then answer what was done, not that it was kept.
 */
type Settled = Map<string, Handled>;

export async function processClaimed(
  services: EventServices,
  scope: EventScope,
  origin: Origin,
  settled: Settled = new Map(),
): Promise<Handled> {
  const merchant = merchantScoped(services.store.db, scope.merchantId);
  const tenant = scoped(services.store.db, scope);
  const eventId = scope.event.id;
  for (;;) {
    let handled: Handled;
    try {
      handled = await dispatchEvent(services, scope);
    } catch (error) {
      // Stripe retries a failed delivery, and the retry must find the event unclaimed; a kept
      // event tried again stays kept.
      const claim = { eventId, requestId: scope.requestId };
      await (origin === "delivery"
        ? releaseEvent(merchant, claim)
        : returnToPending(merchant, claim)
      ).catch((releaseError: unknown) =>
        services.logger.error(
          { err: releaseError, event_id: eventId },
          "stripe event could not be released",
        ),
      );
      throw error;
    }
    try {
      await finishEvent(merchant, eventId, handled.outcome, handled.conversionId);
    } catch (error) {
      // The event's effects are committed: answer 200 so Stripe stops retrying, and leave the
      // claim for the lease to expire rather than count the event twice.
      services.logger.error({ err: error, event_id: eventId }, "stripe event outcome not recorded");
    }
    const kept = handled.outcome === "pending";
    if (!kept) await forgetPending(tenant, eventId);
    settled.set(eventId, handled);
    if (handled.wake) await wakePending(services, scope, handled.wake, settled);
    if (!kept) return handled;
    const appliedMeanwhile = settled.get(eventId);
    if (appliedMeanwhile && appliedMeanwhile.outcome !== "pending") return appliedMeanwhile;
    // Woken while it was handled (by a concurrent delivery): try once more, if still ours.
    if (!(await takeWoken(tenant, eventId))) return handled;
    const claim = await claimPendingEvent(merchant, services.clock, {
      eventId,
      mode: scope.mode,
      type: scope.event.type,
      requestId: scope.requestId,
    });
    if (claim !== "claimed") return handled;
    origin = "resume";
  }
}

/**
 * Tries again the kept events waiting for these ids — and for the payments of these invoices,
 * which wait under their own ids — oldest first. A failure of one of them is logged, not passed
 * on: the event that woke them is done, and the periodic pass tries them again.
 */
async function wakePending(
  services: EventServices,
  by: EventScope,
  wake: Wake,
  settled: Settled,
): Promise<void> {
  const tenant = scoped(services.store.db, by);
  const ids = [...wake.ids, ...(await idsPaidThroughInvoices(tenant, wake.ids))];
  for (const row of await pendingWaitingFor(tenant, ids, wake.types)) {
    if (row.event_id === by.event.id) continue;
    await resumePending(services, by, row.event_id, { settled }).catch((error: unknown) =>
      services.logger.error(
        { err: error, event_id: row.event_id, woken_by: by.event.id },
        "kept stripe event failed when tried again",
      ),
    );
  }
}

/**
 * Tries a kept event again, under its own claim: in `by`'s merchant and mode, with `by`'s request
 * id in its audit entries. Answers what was done, or undefined when it was not this try's to do.
 */
export async function resumePending(
  services: EventServices,
  by: Pick<EventScope, "merchantId" | "mode" | "requestId">,
  eventId: string,
  options: { waitExpired?: boolean; settled?: Settled } = {},
): Promise<Handled | undefined> {
  const tenant = scoped(services.store.db, by);
  const row = await findPending(tenant, eventId);
  if (!row) return undefined;
  const claim = await claimPendingEvent(
    merchantScoped(services.store.db, by.merchantId),
    services.clock,
    {
      eventId,
      mode: by.mode,
      type: row.event_type,
      requestId: by.requestId,
    },
  );
  if (claim === "busy") {
    await markWoken(tenant, eventId);
    return undefined;
  }
  if (claim === "done") {
    await forgetPending(tenant, eventId);
    return undefined;
  }
  const scope: EventScope = {
    merchantId: by.merchantId,
    mode: by.mode,
    requestId: by.requestId,
    event: pendingEventOf(row),
    ...(options.waitExpired ? { waitExpired: true } : {}),
  };
  return processClaimed(services, scope, "resume", options.settled);
}

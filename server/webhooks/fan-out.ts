// What an outbox row becomes: an event row per event, and a delivery per endpoint that wanted it,
// already claimed by the pass that makes them (next attempt at the end of its lease), so that the
// pass sends them at once and, should it die first, another sends them when the lease ends. Pure.
import { toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { WebhookDelivery, WebhookEvent } from "../store/schema";
import { type OutboxChange, RETRY_WINDOW_MS } from "./outbox";

export interface FannedOut {
  event: WebhookEvent;
  deliveries: WebhookDelivery[];
}

/** The row's events as every delivery of each sends it: Stripe's shape, the change's time. */
export function fanOut(
  row: { merchantId: string; mode: WebhookEvent["mode"]; createdAt: string },
  change: OutboxChange,
  leaseUntil: string,
): FannedOut[] {
  const retryUntil = toIso(new Date(Date.parse(row.createdAt) + RETRY_WINDOW_MS));
  return change.events.map(({ type, object, endpoints }) => {
    const id = newId("wev");
    const event: WebhookEvent = {
      id,
      merchant_id: row.merchantId,
      mode: row.mode,
      type,
      payload: JSON.stringify({
        id,
        object: "event",
        type,
        mode: row.mode,
        created_at: row.createdAt,
        data: { object: change.objects[object] },
      }),
      created_at: row.createdAt,
    };
    return {
      event,
      deliveries: endpoints.map((endpointId) => ({
        id: newId("wdl"),
        merchant_id: row.merchantId,
        mode: row.mode,
        endpoint_id: endpointId,
        event_id: id,
        event_type: type,
        status: "pending",
        attempts: 0,
        next_attempt_at: leaseUntil,
        retry_until: retryUntil,
        last_status_code: null,
        last_error: null,
        delivered_at: null,
        created_at: row.createdAt,
      })),
    };
  });
}

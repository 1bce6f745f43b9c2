// What an outbox row becomes: an event row per event, and a delivery per endpoint that wanted it,
// already claimed by the pass that makes them (next attempt at the end of its lease), so that the
// pass sends them at once and, should it die first, another sends them when the lease ends. Pure.
import { toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { WebhookDelivery, WebhookEvent } from "../store/schema";
import { type OutboxEvent, RETRY_WINDOW_MS } from "./outbox";

export interface FannedOut {
  event: WebhookEvent;
  deliveries: WebhookDelivery[];
}

export function fanOut(
  tenant: { merchantId: string; mode: WebhookEvent["mode"] },
  events: OutboxEvent[],
  leaseUntil: string,
): FannedOut[] {
  return events.map(({ event, endpoints }) => {
    const row: WebhookEvent = {
      id: event.id,
      merchant_id: tenant.merchantId,
      mode: tenant.mode,
      type: event.type,
      payload: JSON.stringify(event),
      created_at: event.created_at,
    };
    const retryUntil = toIso(new Date(Date.parse(event.created_at) + RETRY_WINDOW_MS));
    return {
      event: row,
      deliveries: endpoints.map((endpointId) => ({
        id: newId("wdl"),
        merchant_id: tenant.merchantId,
        mode: tenant.mode,
        endpoint_id: endpointId,
        event_id: event.id,
        event_type: event.type,
        status: "pending",
        attempts: 0,
        next_attempt_at: leaseUntil,
        retry_until: retryUntil,
        last_status_code: null,
        last_error: null,
        delivered_at: null,
        created_at: event.created_at,
      })),
    };
  });
}

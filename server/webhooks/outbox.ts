// The outbox: an event Selgeo reports is written, with one delivery per endpoint of the mode that
// wants it, in the same transaction as the change it reports. A crash after the commit loses
// nothing (the worker finds the delivery); a rollback sends nothing. A test-mode change is written
// through a test-mode handle, so it can only reach test-mode endpoints. No endpoint wants it:
// nothing is written, so merchants without webhooks pay one indexed read per change.
import type { WebhookEventType } from "../contract/webhook-events";
import { type Clock, DAY_MS, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { WebhookDelivery, WebhookEvent } from "../store/schema";
import type { ModeQueries } from "../store/tenant";
import { wakeWebhookWorker } from "./wake";

/** Deliveries are retried for up to three days after the event. */
export const RETRY_WINDOW_MS = 3 * DAY_MS;

export interface OutboundEvent {
  type: WebhookEventType;
  /** The object as the API presents it: the event's `data.object`. */
  object: object;
}

/** One indexed read of the mode's endpoints, then an event and its deliveries per wanted event. */
export async function emitWebhookEvents(
  trx: ModeQueries,
  clock: Clock,
  events: OutboundEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const endpoints = await trx
    .selectFrom("webhook_endpoints")
    .select(["id", "events"])
    .where("disabled", "=", 0)
    .execute();
  if (endpoints.length === 0) return;
  const subscriptions = endpoints.map((e) => ({
    id: e.id,
    types: new Set(JSON.parse(e.events) as string[]),
  }));
  const now = clock.now();
  const at = toIso(now);
  const retryUntil = toIso(new Date(now.getTime() + RETRY_WINDOW_MS));
  // One insert of the events and one of their deliveries: each statement is a good part of what
  // an endpoint adds to a conversion (docs/performance.md, "Webhooks").
  const eventRows: WebhookEvent[] = [];
  const deliveries: WebhookDelivery[] = [];
  for (const { type, object } of events) {
    const wanted = subscriptions.filter((e) => e.types.has(type));
    if (wanted.length === 0) continue;
    const id = newId("wev");
    const payload = JSON.stringify({
      id,
      object: "event",
      type,
      mode: trx.scope.mode,
      created_at: at,
      data: { object },
    });
    eventRows.push({
      id,
      merchant_id: trx.scope.merchantId,
      mode: trx.scope.mode,
      type,
      payload,
      created_at: at,
    });
    for (const endpoint of wanted) {
      deliveries.push({
        id: newId("wdl"),
        merchant_id: trx.scope.merchantId,
        mode: trx.scope.mode,
        endpoint_id: endpoint.id,
        event_id: id,
        event_type: type,
        status: "pending",
        attempts: 0,
        next_attempt_at: at,
        retry_until: retryUntil,
        last_status_code: null,
        last_error: null,
        delivered_at: null,
        created_at: at,
      });
    }
  }
  if (eventRows.length === 0) return;
  await trx.insertInto("webhook_events", eventRows).execute();
  await trx.insertInto("webhook_deliveries", deliveries).execute();
  wakeWebhookWorker();
}

// The outbox: the events Selgeo reports of a change are written in the change's own transaction,
// as one row, with the endpoints of the mode that want each. A crash after the commit loses
// nothing (the worker finds the row); a rollback sends nothing. The worker turns the row into
// events and deliveries later (fan-out.ts), so a change pays for one insert however many events
// and endpoints it has. A test-mode change is written through a test-mode handle, so it can only
// reach test-mode endpoints. No endpoint wants it: nothing is written, so merchants without
// webhooks pay one indexed read per change.
import type { WebhookEventType } from "../contract/webhook-events";
import { type Clock, DAY_MS, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { ModeQueries } from "../store/tenant";
import { wakeWebhookWorker } from "./wake";

/** Deliveries are retried for up to three days after the event. */
export const RETRY_WINDOW_MS = 3 * DAY_MS;

export interface OutboundEvent {
  type: WebhookEventType;
  /** The object as the API presents it: the event's `data.object`. */
  object: object;
}

/** The event as every delivery of it sends it. */
export interface EventEnvelope {
  id: string;
  object: "event";
  type: WebhookEventType;
  mode: ModeQueries["scope"]["mode"];
  created_at: string;
  data: { object: object };
}

/** One event of an outbox row: the event, and the endpoints that wanted it when it happened. */
export interface OutboxEvent {
  event: EventEnvelope;
  endpoints: string[];
}

/** One indexed read of the mode's endpoints, then one outbox row for the events any of them wants. */
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
  const at = toIso(clock.now());
  const wanted: OutboxEvent[] = [];
  for (const { type, object } of events) {
    const to = subscriptions.filter((e) => e.types.has(type)).map((e) => e.id);
    if (to.length === 0) continue;
    wanted.push({
      event: {
        id: newId("wev"),
        object: "event",
        type,
        mode: trx.scope.mode,
        created_at: at,
        data: { object },
      },
      endpoints: to,
    });
  }
  if (wanted.length === 0) return;
  await trx
    .insertInto("webhook_outbox", {
      merchant_id: trx.scope.merchantId,
      mode: trx.scope.mode,
      events: JSON.stringify(wanted),
      created_at: at,
    })
    .execute();
  wakeWebhookWorker();
}

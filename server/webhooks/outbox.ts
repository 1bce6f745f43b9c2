// The outbox: the events Selgeo reports of a change are written in the change's own transaction,
// as one row, with the endpoints of the mode that want each. A crash after the commit loses
// nothing (the worker finds the row); a rollback sends nothing. The worker turns the row into
// events and deliveries later (fan-out.ts), so a change pays for one insert however many events
// and endpoints it has. A test-mode change is written through a test-mode handle, so it can only
// reach test-mode endpoints. No endpoint wants it: nothing is written, so merchants without
// webhooks pay one indexed read per change.
import type { WebhookEventType } from "../contract/webhook-events";
import { type Clock, DAY_MS, toIso } from "../lib/clock";
import type { ModeQueries } from "../store/tenant";
import { wakeWebhookWorker } from "./wake";

/** Deliveries are retried for up to three days after the event. */
export const RETRY_WINDOW_MS = 3 * DAY_MS;

export interface OutboundEvent {
  type: WebhookEventType;
  /** The object as the API presents it: the event's `data.object`. */
  object: object;
}

/**
 * An outbox row's `events`: the change's events, each with the endpoints that wanted it when it
 * happened, and the objects they carry, each once (a sale's conversion.recorded and
 * conversion.attributed carry the same conversion): the row's bytes are most of its cost.
 */
export interface OutboxChange {
  objects: object[];
  /** Each event's id is given when it is fanned out: nothing refers to it before. */
  events: Array<{ type: WebhookEventType; object: number; endpoints: string[] }>;
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
  const change: OutboxChange = { objects: [], events: [] };
  for (const { type, object } of events) {
    const to = subscriptions.filter((e) => e.types.has(type)).map((e) => e.id);
    if (to.length === 0) continue;
    let index = change.objects.indexOf(object);
    if (index < 0) index = change.objects.push(object) - 1;
    change.events.push({ type, object: index, endpoints: to });
  }
  if (change.events.length === 0) return;
  await trx
    .insertInto("webhook_outbox", {
      merchant_id: trx.scope.merchantId,
      mode: trx.scope.mode,
      events: JSON.stringify(change),
      created_at: toIso(clock.now()),
    })
    .execute();
  wakeWebhookWorker();
}

// Delivers the outbox. A pass takes the changes written since the last one (outbox rows, turned
// into events and deliveries: fan-out.ts) and the pending deliveries whose retry time has come,
// across merchants, each claimed by one worker (a lease of the request timeout and some), signs
// and POSTs them, and records every attempt. A 2xx answer is delivered; anything else (a status,
// a refused connection, a timeout) is tried again with exponential backoff until the retry window
// (three days) ends, then `failed`. While requests queue, passes are small and spaced
// (pacing.ts).
import { toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { Services } from "../services";
import { deliveriesDue, takeWebhookOutbox } from "../store/cross-tenant";
import type { WebhookDelivery, WebhookEndpoint } from "../store/schema";
import { type ModeQueries, scoped } from "../store/tenant";
import { nextAttemptAt } from "./backoff";
import { fanOut } from "./fan-out";
import type { OutboxChange } from "./outbox";
import { DeliveryPacer, type LoadGauge, type PacingOptions } from "./pacing";
import { type PostOutcome, postWebhook } from "./post";
import { claimDelivery, findEndpoint, findEvent, recordAttempt } from "./repository";
import { SIGNATURE_HEADER, signWebhookPayload } from "./signature.js";
import { onWebhookWake } from "./wake";

export interface WebhookWorkerOptions {
  /** How long a receiver has to answer (WEBHOOK_TIMEOUT_SECONDS). */
  timeoutMs: number;
  /** The first retry's delay, doubled each time (WEBHOOK_RETRY_BASE_SECONDS). */
  retryBaseMs: number;
  /** Outbox rows, and due retries, a pass takes (each). */
  batchSize?: number;
}

type WorkerServices = Pick<Services, "store" | "clock" | "logger">;
type Tenant = { merchantId: string; mode: WebhookDelivery["mode"] };

/** A delivery to send in this pass, with its event's body when the pass has it already. */
interface Claimed {
  tenant: Tenant;
  delivery: WebhookDelivery;
  payload: string | undefined;
}

/** One pass: answers how many deliveries were attempted. */
export async function deliverDueWebhooks(
  services: WorkerServices,
  options: WebhookWorkerOptions,
): Promise<number> {
  return (await deliveryPass(services, options)).attempted;
}

/**
 * Its writes are two for the whole pass — the fan-out and the claims, then every attempt's record
 * once all have been answered — each shared with the conversions' group commit on SQLite
 * (store/grouped-transactions.ts): one transaction per claim and per record, interleaved with the
 * conversions on the server's one connection, cost conversions a third of their rate while
 * deliveries ran. The reads between them go to the store's readers.
 */
async function deliveryPass(
  services: WorkerServices,
  options: WebhookWorkerOptions,
): Promise<{ attempted: number; more: boolean; lagMs: number | undefined }> {
  const limit = options.batchSize ?? 20;
  const now = services.clock.now();
  const due = await deliveriesDue(services.store.db, toIso(now), limit);
  const leaseUntil = toIso(new Date(now.getTime() + options.timeoutMs + 5_000));
  let taken = 0;
  let oldest: string | undefined;
  const claimed = await inOneWrite(services.store, async (trx) => {
    const sends: Claimed[] = [];
    const rows = await takeWebhookOutbox(trx, limit);
    taken = rows.length;
    oldest = rows[0]?.createdAt;
    for (const row of rows) {
      const tenant = { merchantId: row.merchantId, mode: row.mode };
      const fanned = fanOut(row, JSON.parse(row.events) as OutboxChange, leaseUntil);
      const deliveries = fanned.flatMap((f) => f.deliveries);
      const handle = scoped(trx, tenant);
      await handle
        .insertInto(
          "webhook_events",
          fanned.map((f) => f.event),
        )
        .execute();
      if (deliveries.length > 0)
        await handle.insertInto("webhook_deliveries", deliveries).execute();
      for (const { event, deliveries: its } of fanned) {
        for (const delivery of its) sends.push({ tenant, delivery, payload: event.payload });
      }
    }
    for (const delivery of due) {
      const tenant = { merchantId: delivery.merchant_id, mode: delivery.mode };
      // Claimed unchanged since it was read: its next attempt's time is as seen.
      const seen = delivery.next_attempt_at ?? "";
      if (await claimDelivery(scoped(trx, tenant), delivery.id, seen, leaseUntil)) {
        sends.push({ tenant, delivery, payload: undefined });
      }
    }
    return sends;
  });
  const more = taken >= limit || due.length >= limit;
  // How far behind the outbox is: the oldest change this pass took (rows come oldest first).
  const lagMs = oldest === undefined ? undefined : now.getTime() - Date.parse(oldest);
  if (claimed.length === 0) return { attempted: 0, more, lagMs };
  const endpoints = new EndpointCache(services.store.reader);
  const outcomes = await Promise.all(
    claimed.map(async (item) => {
      try {
        return await attempt(services, item, endpoints, options);
      } catch (error) {
        services.logger.error(
          { err: error, delivery_id: item.delivery.id },
          "webhook delivery failed",
        );
        return null;
      }
    }),
  );
  // Unrecorded, a claimed delivery is tried again once its lease ends: at least once, as ever.
  await inOneWrite(services.store, async (trx) => {
    for (const [i, outcome] of outcomes.entries()) {
      const item = claimed[i];
      if (outcome && item)
        await recordAttempt(scoped(trx, item.tenant), outcome.attempt, outcome.delivery);
    }
  });
  return { attempted: claimed.length, more, lagMs };
}

function inOneWrite<R>(
  store: WorkerServices["store"],
  work: (trx: WorkerServices["store"]["db"]) => Promise<R>,
): Promise<R> {
  return store.grouped ? store.grouped.run(work) : store.db.transaction().execute(work);
}

/** A pass reads each endpoint once, however many of its deliveries it sends. */
class EndpointCache {
  readonly #found = new Map<string, Promise<WebhookEndpoint | undefined>>();
  constructor(private readonly reader: WorkerServices["store"]["reader"]) {}

  get(tenant: Tenant, id: string): Promise<WebhookEndpoint | undefined> {
    const key = `${tenant.merchantId}\n${tenant.mode}\n${id}`;
    let found = this.#found.get(key);
    if (!found) {
      found = findEndpoint(scoped(this.reader, tenant), id);
      this.#found.set(key, found);
    }
    return found;
  }
}

type Recorded = {
  attempt: Parameters<typeof recordAttempt>[1];
  delivery: Parameters<typeof recordAttempt>[2];
};

/** Sends the delivery once; answers what to record of it. */
async function attempt(
  services: WorkerServices,
  item: Claimed,
  endpoints: EndpointCache,
  options: WebhookWorkerOptions,
): Promise<Recorded> {
  const { delivery } = item;
  const [endpoint, payload] = await Promise.all([
    endpoints.get(item.tenant, delivery.endpoint_id),
    item.payload ?? eventPayload(scoped(services.store.reader, item.tenant), delivery.event_id),
  ]);
  const started = services.clock.now();
  const startedMs = performance.now();
  const gone = !endpoint || endpoint.disabled === 1 || payload === undefined;
  const sent = gone
    ? {
        statusCode: null,
        error: payload === undefined ? "the event is gone" : "the endpoint was deleted or disabled",
      }
    : await post(endpoint, payload, Math.floor(started.getTime() / 1000), options.timeoutMs);
  const durationMs = Math.round(performance.now() - startedMs);
  const at = services.clock.now();
  const attempts = delivery.attempts + 1;
  const delivered = sent.error === null;
  const next =
    delivered || gone
      ? null
      : nextAttemptAt(
          at.getTime(),
          attempts,
          options.retryBaseMs,
          Date.parse(delivery.retry_until),
        );
  return {
    attempt: {
      id: newId("wat"),
      merchant_id: delivery.merchant_id,
      mode: delivery.mode,
      delivery_id: delivery.id,
      status_code: sent.statusCode,
      error: sent.error,
      duration_ms: durationMs,
      created_at: toIso(at),
    },
    delivery: {
      id: delivery.id,
      status: delivered ? "delivered" : next === null ? "failed" : "pending",
      attempts,
      next_attempt_at: next === null ? null : toIso(new Date(next)),
      last_status_code: sent.statusCode,
      last_error: sent.error,
      delivered_at: delivered ? toIso(at) : null,
    },
  };
}

async function eventPayload(tenant: ModeQueries, eventId: string): Promise<string | undefined> {
  return (await findEvent(tenant, eventId))?.payload;
}

/** One signed POST of the event's body. */
function post(
  endpoint: WebhookEndpoint,
  payload: string,
  timestamp: number,
  timeoutMs: number,
): Promise<PostOutcome> {
  return postWebhook(
    endpoint.url,
    {
      "Content-Type": "application/json",
      "User-Agent": "Selgeo-Webhooks/1",
      [SIGNATURE_HEADER]: signWebhookPayload(endpoint.secret, payload, timestamp),
    },
    payload,
    timeoutMs,
  );
}

export interface WebhookWorkerRunOptions extends WebhookWorkerOptions {
  pollMs: number;
  /** The server's requests in flight: passes shrink while they queue (pacing.ts). */
  load?: LoadGauge;
  pacing?: PacingOptions;
}

/** Polls every `pollMs` and whenever the outbox is written in this process; never two passes at once. */
export function startWebhookWorker(
  services: WorkerServices,
  options: WebhookWorkerRunOptions,
): { stop(): Promise<void> } {
  const batchSize = options.batchSize ?? 20;
  const pacer = new DeliveryPacer(options.load, options.pacing);
  let running: Promise<unknown> | undefined;
  let again = false;
  let stopped = false;
  let later: NodeJS.Timeout | undefined;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    const plan = pacer.next(batchSize);
    if ("waitMs" in plan) {
      later ??= setTimeout(() => {
        later = undefined;
        run();
      }, plan.waitMs).unref();
      return;
    }
    running = deliveryPass(services, { ...options, batchSize: plan.take })
      .then(({ more, lagMs }) => {
        pacer.noteLag(lagMs);
        if (more) again = true;
      })
      .catch((error: unknown) =>
        services.logger.error({ err: error }, "webhook worker pass failed"),
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          setImmediate(run);
        }
      });
  };
  const timer = setInterval(run, options.pollMs);
  timer.unref();
  // After the writer's commit: a nudge arrives from inside its transaction; the nudges of a burst
  // of changes make one run.
  let nudged: NodeJS.Timeout | undefined;
  onWebhookWake(() => {
    nudged ??= setTimeout(() => {
      nudged = undefined;
      run();
    }, 20).unref();
  });
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (later) clearTimeout(later);
      if (nudged) clearTimeout(nudged);
      onWebhookWake(undefined);
      await running;
    },
  };
}

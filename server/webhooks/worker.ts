// Delivers the outbox: pending deliveries whose time has come, across merchants, each claimed by
// one worker (a lease of the request timeout and some), signed, POSTed, and every attempt recorded.
// A 2xx answer is delivered; anything else (a status, a refused connection, a timeout) is tried
// again with exponential backoff until the retry window (three days) ends, then `failed`.
import { toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { Services } from "../services";
import { deliveriesDue } from "../store/cross-tenant";
import { scoped } from "../store/tenant";
import { nextAttemptAt } from "./backoff";
import { claimDelivery, findDelivery, findEndpoint, findEvent, recordAttempt } from "./repository";
import { SIGNATURE_HEADER, signWebhookPayload } from "./signature.js";
import { onWebhookWake } from "./wake";

export interface WebhookWorkerOptions {
  /** How long a receiver has to answer (WEBHOOK_TIMEOUT_SECONDS). */
  timeoutMs: number;
  /** The first retry's delay, doubled each time (WEBHOOK_RETRY_BASE_SECONDS). */
  retryBaseMs: number;
  batchSize?: number;
}

type WorkerServices = Pick<Services, "store" | "clock" | "logger">;

/**
 * One pass: answers how many deliveries were attempted. Its writes are two for the whole batch —
 * the claims, then every attempt's record once all have been answered — each shared with the
 * conversions' group commit on SQLite (store/grouped-transactions.ts): one transaction per
 * claim and per record, interleaved with the conversions on the server's one connection, cost
 * conversions a third of their rate while deliveries ran. The reads between them go to the
 * store's readers.
 */
export async function deliverDueWebhooks(
  services: WorkerServices,
  options: WebhookWorkerOptions,
): Promise<number> {
  const now = services.clock.now();
  const due = await deliveriesDue(services.store.db, toIso(now), options.batchSize ?? 20);
  if (due.length === 0) return 0;
  const leaseUntil = toIso(new Date(now.getTime() + options.timeoutMs + 5_000));
  const claimed = await inOneWrite(services.store, async (trx) => {
    const taken: typeof due = [];
    for (const item of due) {
      if (await claimDelivery(scoped(trx, item), item.id, item.nextAttemptAt, leaseUntil)) {
        taken.push(item);
      }
    }
    return taken;
  });
  const outcomes = await Promise.all(
    claimed.map(async (item) => {
      try {
        return await attempt(services, scoped(services.store.reader, item), item.id, options);
      } catch (error) {
        services.logger.error({ err: error, delivery_id: item.id }, "webhook delivery failed");
        return null;
      }
    }),
  );
  // Unrecorded, a claimed delivery is tried again once its lease ends: at least once, as ever.
  await inOneWrite(services.store, async (trx) => {
    for (const [i, outcome] of outcomes.entries()) {
      const item = claimed[i];
      if (outcome && item)
        await recordAttempt(scoped(trx, item), outcome.attempt, outcome.delivery);
    }
  });
  return claimed.length;
}

function inOneWrite<R>(
  store: WorkerServices["store"],
  work: (trx: WorkerServices["store"]["db"]) => Promise<R>,
): Promise<R> {
  return store.grouped ? store.grouped.run(work) : store.db.transaction().execute(work);
}

type Recorded = {
  attempt: Parameters<typeof recordAttempt>[1];
  delivery: Parameters<typeof recordAttempt>[2];
};

/** Sends the delivery once; answers what to record of it, or null when it is gone. */
async function attempt(
  services: WorkerServices,
  tenant: ReturnType<typeof scoped>,
  deliveryId: string,
  options: WebhookWorkerOptions,
): Promise<Recorded | null> {
  const delivery = await findDelivery(tenant, deliveryId);
  if (!delivery) return null;
  const [endpoint, event] = await Promise.all([
    findEndpoint(tenant, delivery.endpoint_id),
    findEvent(tenant, delivery.event_id),
  ]);
  const started = services.clock.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  const startedMs = performance.now();
  if (!endpoint || endpoint.disabled === 1 || !event) {
    error = !event ? "the event is gone" : "the endpoint was deleted or disabled";
  } else {
    const timestamp = Math.floor(started.getTime() / 1000);
    try {
      const response = await fetch(endpoint.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Selgeo-Webhooks/1",
          [SIGNATURE_HEADER]: signWebhookPayload(endpoint.secret, event.payload, timestamp),
        },
        body: event.payload,
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      statusCode = response.status;
      // The body is not used; reading a little frees the connection.
      await response.body?.cancel();
      if (statusCode < 200 || statusCode >= 300) error = `answered ${statusCode}`;
    } catch (failure) {
      error =
        failure instanceof Error && failure.name === "TimeoutError"
          ? `no answer within ${options.timeoutMs} ms`
          : `could not connect: ${(failure as Error).cause instanceof Error ? ((failure as Error).cause as Error).message : (failure as Error).message}`;
    }
  }
  const durationMs = Math.round(performance.now() - startedMs);
  const at = services.clock.now();
  const attempts = delivery.attempts + 1;
  const delivered = error === null;
  const gone = !endpoint || endpoint.disabled === 1 || !event;
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
      status_code: statusCode,
      error,
      duration_ms: durationMs,
      created_at: toIso(at),
    },
    delivery: {
      id: delivery.id,
      status: delivered ? "delivered" : next === null ? "failed" : "pending",
      attempts,
      next_attempt_at: next === null ? null : toIso(new Date(next)),
      last_status_code: statusCode,
      last_error: error,
      delivered_at: delivered ? toIso(at) : null,
    },
  };
}

/** Polls every `pollMs` and whenever the outbox is written in this process; never two passes at once. */
export function startWebhookWorker(
  services: WorkerServices,
  options: WebhookWorkerOptions & { pollMs: number },
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = deliverDueWebhooks(services, options)
      .then((count) => {
        // A full batch: more may be waiting.
        if (count >= (options.batchSize ?? 20)) again = true;
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
  // After the writer's commit: a nudge arrives from inside its transaction.
  onWebhookWake(() => setTimeout(run, 20).unref());
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      onWebhookWake(undefined);
      await running;
    },
  };
}

// Idempotency keys, one row per merchant, mode and key (migration 0011). The row is the lock:
// of several requests with one key, the one whose insert lands runs; the others read the row and
// are answered from it (replayed), refused (another request under the same key), or told to wait
// (the first is still running). Expired rows are taken over, so a key is reusable after 24 hours.
import { type Clock, toIso } from "../lib/clock";
import type { IdempotencyKeysTable } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

/** How long an answer is replayed for the same key (as Stripe keeps its keys). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

/**
 * A request that died mid-way (a crash) leaves its row unanswered; after this long another
 * request with the key takes it over. No request runs this long: storage gives up within
 * seconds (store/postgres-pool.ts) and the answer is 503.
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;

export type KeyClaim =
  | { kind: "claimed" }
  | { kind: "replay"; statusCode: number; body: string }
  | { kind: "reused" }
  | { kind: "in_use" };

interface Attempt {
  key: string;
  requestHash: string;
  /** Unique per request: the row names the attempt that holds it. */
  attemptId: string;
}

export async function claimIdempotencyKey(
  tenant: ModeQueries,
  clock: Clock,
  attempt: Attempt,
): Promise<KeyClaim> {
  const now = clock.now();
  const inserted = await tenant
    .insertInto("idempotency_keys", {
      idempotency_key: attempt.key,
      request_hash: attempt.requestHash,
      attempt_id: attempt.attemptId,
      started_at: toIso(now),
      status_code: null,
      response_body: null,
      completed_at: null,
    })
    .onConflict((oc) => oc.columns(["merchant_id", "mode", "idempotency_key"]).doNothing())
    .returning("idempotency_key")
    .executeTakeFirst();
  if (inserted) {
    await deleteExpired(tenant, now);
    return { kind: "claimed" };
  }

  const row = await tenant
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("idempotency_key", "=", attempt.key)
    .executeTakeFirst();
  // Deleted between the insert and the read (it had expired): try once more from the start.
  if (!row) return claimIdempotencyKey(tenant, clock, attempt);
  if (takeable(row, now)) {
    return (await takeOver(tenant, now, attempt, row)) ? { kind: "claimed" } : { kind: "in_use" };
  }
  if (row.request_hash !== attempt.requestHash) return { kind: "reused" };
  if (row.status_code === null || row.response_body === null) return { kind: "in_use" };
  return { kind: "replay", statusCode: row.status_code, body: row.response_body };
}

/** An answer older than 24 hours, or a first request that never finished. */
function takeable(row: IdempotencyKeysTable, now: Date): boolean {
  const started = Date.parse(row.started_at);
  if (row.status_code === null) return started < now.getTime() - IDEMPOTENCY_LEASE_MS;
  return started < now.getTime() - IDEMPOTENCY_TTL_MS;
}

/** Conditional on the row as read, so of several takers only one wins. */
async function takeOver(
  tenant: ModeQueries,
  now: Date,
  attempt: Attempt,
  row: IdempotencyKeysTable,
): Promise<boolean> {
  const taken = await tenant
    .updateTable("idempotency_keys")
    .set({
      request_hash: attempt.requestHash,
      attempt_id: attempt.attemptId,
      started_at: toIso(now),
      status_code: null,
      response_body: null,
      completed_at: null,
    })
    .where("idempotency_key", "=", attempt.key)
    .where("started_at", "=", row.started_at)
    .where("attempt_id", "=", row.attempt_id)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** Keeps the table to a day of keys per merchant and mode (a range over its index). */
async function deleteExpired(tenant: ModeQueries, now: Date): Promise<void> {
  await tenant
    .deleteFrom("idempotency_keys")
    .where("started_at", "<", toIso(new Date(now.getTime() - IDEMPOTENCY_TTL_MS)))
    .where("status_code", "is not", null)
    .execute();
}

/** The first request's answer, kept for replays. */
export async function completeIdempotencyKey(
  tenant: ModeQueries,
  clock: Clock,
  attempt: Pick<Attempt, "key" | "attemptId">,
  answer: { statusCode: number; body: string },
): Promise<void> {
  await tenant
    .updateTable("idempotency_keys")
    .set({
      status_code: answer.statusCode,
      response_body: answer.body,
      completed_at: toIso(clock.now()),
    })
    .where("idempotency_key", "=", attempt.key)
    .where("attempt_id", "=", attempt.attemptId)
    .execute();
}

/**
 * The first request failed in a way a retry may fix (storage unavailable, rate limited, a bug):
 * the key is given back so the retry runs the request again instead of replaying the failure.
 */
export async function releaseIdempotencyKey(
  tenant: ModeQueries,
  attempt: Pick<Attempt, "key" | "attemptId">,
): Promise<void> {
  await tenant
    .deleteFrom("idempotency_keys")
    .where("idempotency_key", "=", attempt.key)
    .where("attempt_id", "=", attempt.attemptId)
    .where("status_code", "is", null)
    .execute();
}

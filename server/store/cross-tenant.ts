// The few queries that span merchants on purpose, each named for its one user. Tenant data is
// otherwise read through store/tenant.ts only; these answer "whose rows need work?", and the work
// itself then goes through a tenant handle.
import { type Kysely, SqliteAdapter } from "kysely";
import type { Mode } from "../contract/key-format";
import type { Database, WebhookDelivery } from "./schema";

interface PendingEventRef {
  merchantId: string;
  mode: Mode;
  eventId: string;
  eventType: string;
  /** Why it is kept: some reasons wait less long (pending-sweep.ts). */
  reason: string;
  parkedAt: string;
}

/** For the periodic pass over kept Stripe events (stripe/pending-sweep.ts): longest unchecked first. */
export async function longestUncheckedPendingEvents(
  db: Kysely<Database>,
  limit: number,
): Promise<PendingEventRef[]> {
  const rows = await db
    .selectFrom("stripe_pending_events")
    .select(["merchant_id", "mode", "event_id", "event_type", "reason", "parked_at"])
    .orderBy("checked_at")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    merchantId: row.merchant_id,
    mode: row.mode,
    eventId: row.event_id,
    eventType: row.event_type,
    reason: row.reason,
    parkedAt: row.parked_at,
  }));
}

/** For the periodic pass moving commissions to due (payouts/due-sweep.ts): whose holds ended. */
export async function tenantsWithCommissionsPastHold(
  db: Kysely<Database>,
  now: string,
  limit: number,
): Promise<Array<{ merchantId: string; mode: Mode }>> {
  const rows = await db
    .selectFrom("commissions")
    .select(["merchant_id", "mode"])
    .distinct()
    .where("status", "in", ["pending", "partially_reversed"])
    .where("due_at", "<=", now)
    .limit(limit)
    .execute();
  return rows.map((row) => ({ merchantId: row.merchant_id, mode: row.mode }));
}

/** For the webhook worker (webhooks/worker.ts): pending deliveries whose time has come, oldest first. */
export async function deliveriesDue(
  db: Kysely<Database>,
  now: string,
  limit: number,
): Promise<WebhookDelivery[]> {
  return db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .limit(limit)
    .execute();
}

/**
 * For the webhook worker (webhooks/worker.ts): takes the oldest outbox rows, deleting them in the
 * caller's transaction, which writes their events and deliveries. On PostgreSQL, workers of
 * several processes take different rows (`skip locked`); should two still meet on a row, the
 * loser's delete finds it gone and returns it not, so no event is fanned out twice. SQLite has one
 * writer at a time.
 */
export async function takeWebhookOutbox(
  trx: Kysely<Database>,
  limit: number,
): Promise<Array<{ merchantId: string; mode: Mode; events: string; createdAt: string }>> {
  const rows = await trx
    .deleteFrom("webhook_outbox")
    .where("seq", "in", (eb) =>
      eb
        .selectFrom("webhook_outbox")
        .select("seq")
        .orderBy("seq")
        .limit(limit)
        .$if(!(trx.getExecutor().adapter instanceof SqliteAdapter), (q) =>
          q.forUpdate().skipLocked(),
        ),
    )
    .returning(["merchant_id", "mode", "events", "created_at", "seq"])
    .execute();
  return rows
    .sort((a, b) => a.seq - b.seq)
    .map((row) => ({
      merchantId: row.merchant_id,
      mode: row.mode,
      events: row.events,
      createdAt: row.created_at,
    }));
}

/** For /metrics (observability/webhook-metrics.ts): changes not yet fanned out, deliveries not yet done. */
export async function webhookBacklog(
  db: Kysely<Database>,
): Promise<{ changes: number; deliveries: number }> {
  const [changes, deliveries] = await Promise.all([
    db
      .selectFrom("webhook_outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("webhook_deliveries")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow(),
  ]);
  return { changes: Number(changes.n), deliveries: Number(deliveries.n) };
}

import type { Kysely } from "kysely";

// Idempotency keys (http/idempotency.ts): one row per merchant, mode and key, holding the
// request's fingerprint and, once the first request is answered, its answer for replays.
// Kysely's schema builder only, so the same migration runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("idempotency_keys")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("idempotency_key", "text", (col) => col.notNull())
    // sha256 of method, path and body: the same key with another request is refused.
    .addColumn("request_hash", "text", (col) => col.notNull())
    // Which attempt holds the key (a new id per request: callers may repeat X-Request-Id).
    .addColumn("attempt_id", "text", (col) => col.notNull())
    .addColumn("started_at", "text", (col) => col.notNull())
    // null while the first request runs; then its answer, replayed for 24 hours.
    .addColumn("status_code", "integer")
    .addColumn("response_body", "text")
    .addColumn("completed_at", "text")
    // The key is the lock: concurrent requests with one key insert one row.
    .addPrimaryKeyConstraint("idempotency_keys_pkey", ["merchant_id", "mode", "idempotency_key"])
    .execute();
  // Rows past their 24 hours are deleted per merchant and mode by a range over this index.
  await db.schema
    .createIndex("idempotency_keys_by_start")
    .on("idempotency_keys")
    .columns(["merchant_id", "mode", "started_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("idempotency_keys").ifExists().execute();
}

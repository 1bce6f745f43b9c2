import type { Kysely } from "kysely";

// Clicks that failed in the visitor's browser before they were recorded: the snippet queues a
// failed click and its retry says how many requests failed and since when (snippet/pending.ts).
// One row per click (a retry sent twice, e.g. at pagehide and on the next load, updates it), so
// integration health can count failed clicks per merchant and mode over a time range.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("click_failures")
    .addColumn("click_id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("partner_id", "text", (col) => col.notNull())
    .addColumn("failed_attempts", "integer", (col) => col.notNull())
    .addColumn("first_failed_at", "text", (col) => col.notNull())
    .addColumn("recovered_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("click_failures_by_time")
    .on("click_failures")
    .columns(["merchant_id", "mode", "recovered_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("click_failures").execute();
}

import type { Kysely } from "kysely";

// Integration health (GET /api/v1/integration/health, server/health/): counts that tell a merchant
// what the browser cannot see, kept as daily aggregates so the report never reads the clicks
// table. One row per merchant, mode, UTC day, kind, key and subject:
//   click_origin        clicks recorded, per page origin (subject), per publishable key
//   click_failed_in_browser   clicks the snippet could not record, per page origin (reported by
//                             the browser; counted once that report exists)
//   refusal:<CODE>      click requests refused (RATE_LIMITED, ORIGIN_NOT_ALLOWED), per key and
//                       the request's origin
//   click_id_missing    conversions recorded without a click id, per channel (subject: api,
//                       stripe_checkout, stripe_payment_link, stripe_invoice)
// Subjects are capped per merchant, mode, day and kind (server/health/counts.ts), so a flood of
// made-up origins adds a bounded number of rows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("daily_health")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("day", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("key_id", "text", (col) => col.notNull())
    .addColumn("subject", "text", (col) => col.notNull())
    .addColumn("count", "bigint", (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("daily_health_pk", [
      "merchant_id",
      "mode",
      "day",
      "kind",
      "key_id",
      "subject",
    ])
    .execute();
  // The report's examples: the newest conversions of one reason in a period, by range scan.
  await db.schema
    .createIndex("conversions_by_reason")
    .on("conversions")
    .columns(["merchant_id", "mode", "reason", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("conversions_by_reason").ifExists().execute();
  await db.schema.dropTable("daily_health").ifExists().execute();
}

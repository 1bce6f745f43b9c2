import type { Kysely } from "kysely";

// Fraud signals (docs/fraud.md): thresholds per program, and the index the "one customer through
// many partners" signal reads. Kysely's schema builder only, so it runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  // JSON of the program's fraud thresholds; null: the documented defaults.
  await db.schema.alterTable("programs").addColumn("fraud_rules", "text").execute();
  await db.schema
    .createIndex("conversions_by_customer")
    .on("conversions")
    .columns(["merchant_id", "mode", "customer_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("conversions_by_customer").ifExists().execute();
  await db.schema.alterTable("programs").dropColumn("fraud_rules").execute();
}

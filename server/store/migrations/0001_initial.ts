import type { Kysely } from "kysely";

// Kysely's schema builder only: the same migration runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("merchants")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("allowed_origins", "text", (col) => col.notNull().defaultTo("[]"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull().references("merchants.id"))
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("key_hash", "text", (col) => col.notNull().unique())
    .addColumn("public_value", "text")
    .addColumn("last4", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema
    .createIndex("api_keys_by_merchant")
    .on("api_keys")
    .columns(["merchant_id", "kind", "mode"])
    .execute();

  await db.schema
    .createTable("programs")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull().references("merchants.id"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("attribution_window_days", "integer", (col) => col.notNull())
    .addColumn("commission_type", "text", (col) => col.notNull())
    .addColumn("commission_percent", "double precision")
    .addColumn("commission_amount_cents", "bigint")
    .addColumn("commission_currency", "text")
    .addColumn("recurring_months", "integer", (col) => col.notNull())
    .addColumn("attribution_model", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("programs_by_merchant")
    .on("programs")
    .columns(["merchant_id", "created_at"])
    .execute();

  await db.schema
    .createTable("partners")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull().references("merchants.id"))
    .addColumn("program_id", "text", (col) => col.notNull().references("programs.id"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("email", "text")
    .addColumn("ref", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addUniqueConstraint("partners_ref_unique", ["merchant_id", "ref"])
    .execute();
  await db.schema
    .createIndex("partners_by_merchant")
    .on("partners")
    .columns(["merchant_id", "created_at"])
    .execute();

  await db.schema
    .createTable("clicks")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("partner_id", "text", (col) => col.notNull())
    .addColumn("program_id", "text", (col) => col.notNull())
    .addColumn("ref", "text", (col) => col.notNull())
    .addColumn("visitor_hash", "text", (col) => col.notNull())
    .addColumn("url", "text")
    .addColumn("referrer", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("clicks_by_visitor")
    .on("clicks")
    .columns(["merchant_id", "mode", "visitor_hash", "ref", "created_at"])
    .execute();
  await db.schema
    .createIndex("clicks_by_merchant")
    .on("clicks")
    .columns(["merchant_id", "mode", "created_at"])
    .execute();

  await db.schema
    .createTable("conversions")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("click_id", "text")
    .addColumn("partner_id", "text")
    .addColumn("program_id", "text")
    .addColumn("event_type", "text", (col) => col.notNull())
    .addColumn("external_transaction_id", "text", (col) => col.notNull())
    .addColumn("amount_cents", "bigint", (col) => col.notNull())
    .addColumn("currency", "text", (col) => col.notNull())
    .addColumn("customer_id", "text")
    .addColumn("metadata", "text")
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("refunded_amount_cents", "bigint", (col) => col.notNull().defaultTo(0))
    .addColumn("source", "text", (col) => col.notNull())
    .addColumn("occurred_at", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("request_id", "text", (col) => col.notNull())
    // The duplicate guard: two racing requests cannot both insert the same transaction.
    .addUniqueConstraint("conversions_txn_unique", [
      "merchant_id",
      "mode",
      "external_transaction_id",
    ])
    .execute();
  await db.schema
    .createIndex("conversions_by_merchant")
    .on("conversions")
    .columns(["merchant_id", "mode", "created_at"])
    .execute();
  await db.schema
    .createIndex("conversions_by_click")
    .on("conversions")
    .column("click_id")
    .execute();

  await db.schema
    .createTable("commissions")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("conversion_id", "text", (col) => col.notNull().unique())
    .addColumn("partner_id", "text", (col) => col.notNull())
    .addColumn("program_id", "text", (col) => col.notNull())
    .addColumn("amount_cents", "bigint", (col) => col.notNull())
    .addColumn("reversed_amount_cents", "bigint", (col) => col.notNull().defaultTo(0))
    .addColumn("currency", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("commissions_by_merchant")
    .on("commissions")
    .columns(["merchant_id", "mode", "created_at"])
    .execute();

  await db.schema
    .createTable("refunds")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("conversion_id", "text", (col) => col.notNull())
    .addColumn("amount_cents", "bigint", (col) => col.notNull())
    .addColumn("commission_reversed_cents", "bigint", (col) => col.notNull())
    .addColumn("external_refund_id", "text")
    .addColumn("request_id", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("refunds_external_unique", ["merchant_id", "mode", "external_refund_id"])
    .execute();
  await db.schema
    .createIndex("refunds_by_conversion")
    .on("refunds")
    .column("conversion_id")
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("request_id", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("decision", "text", (col) => col.notNull())
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("click_id", "text")
    .addColumn("conversion_id", "text")
    .addColumn("external_transaction_id", "text")
    .addColumn("stripe_event_id", "text")
    .addColumn("facts", "text", (col) => col.notNull())
    .execute();
  for (const column of ["request_id", "click_id", "conversion_id", "external_transaction_id"]) {
    await db.schema
      .createIndex(`audit_log_by_${column}`)
      .on("audit_log")
      .columns(["merchant_id", column])
      .execute();
  }
  await db.schema
    .createIndex("audit_log_by_merchant")
    .on("audit_log")
    .columns(["merchant_id", "mode", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "audit_log",
    "refunds",
    "commissions",
    "conversions",
    "clicks",
    "partners",
    "programs",
    "api_keys",
    "merchants",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

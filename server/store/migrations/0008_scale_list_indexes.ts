import type { Kysely } from "kysely";

// Every list is read newest first within one merchant and mode, optionally filtered by one
// column, a page at a time from a keyset cursor `(created_at, id) < (…, …)`. An index whose
// columns are the filter's equalities followed by (created_at, id) serves such a page as one
// range scan that stops after `limit` rows, whatever the merchant's history holds; an index on
// (merchant_id, mode, created_at) alone made a partner's page walk the merchant's whole
// history and filter it. Each index below is one list filter; the old (merchant, mode,
// created_at) and (merchant_id, column) indexes are replaced by ones that end in (created_at, id).
const LIST_INDEXES: ReadonlyArray<{ table: string; name: string; columns: string[] }> = [
  { table: "clicks", name: "clicks_list", columns: [] },
  { table: "clicks", name: "clicks_list_by_partner", columns: ["partner_id"] },
  { table: "clicks", name: "clicks_list_by_ref", columns: ["ref"] },
  { table: "conversions", name: "conversions_list", columns: [] },
  { table: "conversions", name: "conversions_list_by_click", columns: ["click_id"] },
  { table: "conversions", name: "conversions_list_by_partner", columns: ["partner_id"] },
  { table: "conversions", name: "conversions_list_by_status", columns: ["status"] },
  { table: "conversions", name: "conversions_list_by_reason", columns: ["reason"] },
  // external_transaction_id is served by conversions_txn_unique (at most one row).
  { table: "commissions", name: "commissions_list", columns: [] },
  { table: "commissions", name: "commissions_list_by_partner", columns: ["partner_id"] },
  { table: "commissions", name: "commissions_list_by_status", columns: ["status"] },
  // A page of conversions asks for their commissions by conversion id, within the tenant: with
  // the tenant's columns first, the look-up stays on this index however many ids it names.
  { table: "commissions", name: "commissions_list_by_conversion", columns: ["conversion_id"] },
  { table: "audit_log", name: "audit_log_list", columns: [] },
  { table: "audit_log", name: "audit_log_list_by_request", columns: ["request_id"] },
  { table: "audit_log", name: "audit_log_list_by_click", columns: ["click_id"] },
  { table: "audit_log", name: "audit_log_list_by_conversion", columns: ["conversion_id"] },
  {
    table: "audit_log",
    name: "audit_log_list_by_transaction",
    columns: ["external_transaction_id"],
  },
];

/** Indexes the ones above make redundant (0001), with their columns for `down`. */
const REPLACED: ReadonlyArray<{ table: string; name: string; columns: string[] }> = [
  { table: "clicks", name: "clicks_by_merchant", columns: ["merchant_id", "mode", "created_at"] },
  {
    table: "conversions",
    name: "conversions_by_merchant",
    columns: ["merchant_id", "mode", "created_at"],
  },
  {
    table: "commissions",
    name: "commissions_by_merchant",
    columns: ["merchant_id", "mode", "created_at"],
  },
  {
    table: "audit_log",
    name: "audit_log_by_merchant",
    columns: ["merchant_id", "mode", "created_at"],
  },
  { table: "audit_log", name: "audit_log_by_request_id", columns: ["merchant_id", "request_id"] },
  { table: "audit_log", name: "audit_log_by_click_id", columns: ["merchant_id", "click_id"] },
  {
    table: "audit_log",
    name: "audit_log_by_conversion_id",
    columns: ["merchant_id", "conversion_id"],
  },
  {
    table: "audit_log",
    name: "audit_log_by_external_transaction_id",
    columns: ["merchant_id", "external_transaction_id"],
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of LIST_INDEXES) {
    await db.schema
      .createIndex(index.name)
      .ifNotExists()
      .on(index.table)
      .columns(["merchant_id", "mode", ...index.columns, "created_at", "id"])
      .execute();
  }
  for (const index of REPLACED) await db.schema.dropIndex(index.name).ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of REPLACED) {
    await db.schema
      .createIndex(index.name)
      .ifNotExists()
      .on(index.table)
      .columns(index.columns)
      .execute();
  }
  for (const index of LIST_INDEXES) await db.schema.dropIndex(index.name).ifExists().execute();
}

import { type Kysely, SqliteAdapter, sql } from "kysely";

// The commission lifecycle (docs/payouts.md): a hold period per program, after which a commission
// is due; payouts that mark due commissions paid; and the negative adjustments a refund after
// payment leaves for the partner's next payout. Kysely's schema builder, one column per ALTER, so
// it runs on SQLite and PostgreSQL alike.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Days a commission stays pending (the refund period) before it is due.
  await db.schema
    .alterTable("programs")
    .addColumn("hold_days", "integer", (col) => col.notNull().defaultTo(30))
    .execute();

  // When the hold ends (created_at + the program's hold_days at the time it was earned).
  await db.schema.alterTable("commissions").addColumn("due_at", "text").execute();
  // The payout that paid it, when, and how much it paid (amount less what was reversed then).
  await db.schema.alterTable("commissions").addColumn("payout_id", "text").execute();
  await db.schema.alterTable("commissions").addColumn("paid_at", "text").execute();
  await db.schema.alterTable("commissions").addColumn("paid_amount_cents", "bigint").execute();
  // Commissions earned before: due 30 days (the default hold) after they were created.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await (sqlite
    ? sql`update commissions set due_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+30 days')`
    : sql`update commissions set due_at = to_char((created_at::timestamptz + interval '30 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
  ).execute(db);
  // The periodic pass finds commissions whose hold has ended, across merchants and per merchant.
  // Partial: only commissions still in their hold are in it, so it stays small and no list of
  // another status can be planned through it (tests/integration/store/list-plans.test.ts).
  await db.schema
    .createIndex("commissions_by_due")
    .on("commissions")
    .columns(["status", "due_at"])
    .where(sql.ref("status"), "in", ["pending", "partially_reversed"])
    .execute();
  await db.schema
    .createIndex("commissions_by_payout")
    .on("commissions")
    .columns(["merchant_id", "mode", "payout_id"])
    .execute();
  await db.schema
    .createIndex("commissions_due_by_tenant")
    .on("commissions")
    .columns(["merchant_id", "mode", "due_at"])
    .where(sql.ref("status"), "in", ["pending", "partially_reversed"])
    .execute();

  await db.schema
    .createTable("payouts")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    // The merchant's own reference (a bank transfer id): one payout per reference.
    .addColumn("reference", "text", (col) => col.notNull())
    .addColumn("request_id", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("payouts_by_reference")
    .unique()
    .on("payouts")
    .columns(["merchant_id", "mode", "reference"])
    .execute();
  await db.schema
    .createIndex("payouts_by_created")
    .on("payouts")
    .columns(["merchant_id", "mode", "created_at", "id"])
    .execute();

  // What a partner owes back: a refund of a commission already paid. Never an edit of the paid
  // commission: carried, negative, to the partner's next payout in that currency.
  await db.schema
    .createTable("commission_adjustments")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("commission_id", "text", (col) => col.notNull())
    .addColumn("partner_id", "text", (col) => col.notNull())
    .addColumn("amount_cents", "bigint", (col) => col.notNull())
    .addColumn("currency", "text", (col) => col.notNull())
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("refund_id", "text")
    .addColumn("payout_id", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("commission_adjustments_by_payout")
    .on("commission_adjustments")
    .columns(["merchant_id", "mode", "payout_id"])
    .execute();
  await db.schema
    .createIndex("commission_adjustments_by_created")
    .on("commission_adjustments")
    .columns(["merchant_id", "mode", "created_at", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["commission_adjustments", "payouts"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  for (const index of [
    "commissions_due_by_tenant",
    "commissions_by_payout",
    "commissions_by_due",
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  for (const column of ["paid_amount_cents", "paid_at", "payout_id", "due_at"]) {
    await db.schema.alterTable("commissions").dropColumn(column).execute();
  }
  await db.schema.alterTable("programs").dropColumn("hold_days").execute();
}

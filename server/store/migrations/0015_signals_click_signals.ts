import type { Kysely } from "kysely";

// Fraud facts of a click that has one (docs/fraud.md): the snippet said its browser is automated
// (`navigator.webdriver`), or its network address had more clicks within the program's window
// than the program allows. A row only for such clicks, keyed by the click, so ordinary clicks
// cost no extra write and the clicks table no extra column; the fraud check reads it by click
// id when the click converts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("click_signals")
    .addColumn("click_id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    // 0 or 1: SQLite has no boolean.
    .addColumn("automated", "integer", (col) => col.notNull().defaultTo(0))
    // The network's clicks counted in its window when this click was recorded; null: under the limit.
    .addColumn("network_clicks", "integer")
    .addColumn("network_minutes", "integer")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("click_signals").execute();
}

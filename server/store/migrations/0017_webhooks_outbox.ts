import { type Kysely, SqliteAdapter } from "kysely";

// The webhook outbox proper: one row per change that an endpoint wants to hear of, written in
// the change's transaction. The worker turns each row into the events and deliveries of 0014 and
// deletes it, in one transaction of its own. Before, the change wrote an event row and a delivery
// row per event and endpoint (three of each for an attributed sale, five index entries apiece),
// which cost conversions about a sixth of their rate (docs/performance.md, "Webhooks").
// `seq` is the row's own number, so the worker takes rows in the order they were written: the
// rowid on SQLite (no index beside the table), an identity column on PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable("webhook_outbox")
    .addColumn("seq", sqlite ? "integer" : "bigint", (col) =>
      sqlite ? col.primaryKey() : col.primaryKey().generatedAlwaysAsIdentity(),
    )
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    // JSON: the change's events with the endpoints that wanted each, and the objects they carry.
    .addColumn("events", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("webhook_outbox").ifExists().execute();
}

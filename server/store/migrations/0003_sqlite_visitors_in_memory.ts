import { type Kysely, SqliteAdapter } from "kysely";

// On embedded SQLite the click writer remembers the last hour's visitors itself
// (server/click-store/recent-visitors.ts) and no longer asks this index; keeping it cost a write to a
// random page of it for every click, half of what storing a click cost. PostgreSQL, which
// several servers share and none of them can remember for the others, keeps it.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.schema.dropIndex("clicks_by_visitor").ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.schema
    .createIndex("clicks_by_visitor")
    .ifNotExists()
    .on("clicks")
    .columns(["merchant_id", "mode", "visitor_hash", "ref", "created_at"])
    .execute();
}

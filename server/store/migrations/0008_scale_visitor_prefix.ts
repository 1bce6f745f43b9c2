import { type Kysely, SqliteAdapter, sql } from "kysely";

// Embedded SQLite answers "this visitor's click of the last hour" from memory
// (click-store/recent-visitors.ts) and, for what memory does not hold — past its budget, or
// while it loads after a start — from this index. It holds the first 8 characters of the
// visitor hash (32 bits of a SHA-256): small entries, so a click adds a few bytes to it rather
// than the ~100 of the full (merchant, mode, visitor, ref, created_at) index that 0003 dropped,
// and a look-up reads the few clicks this visitor ever made. PostgreSQL keeps clicks_by_visitor.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`create index if not exists clicks_by_visitor_prefix on clicks (substr(visitor_hash, 1, 8))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.schema.dropIndex("clicks_by_visitor_prefix").ifExists().execute();
}

// The settings every connection to the embedded database uses: the server's, the click writer's,
// the checkpoint thread's and the CLI's. Most are per connection in SQLite, so each one must
// apply them itself. The server's connection (store/connect.ts) and the click writer
// (click-store/sqlite-writer.ts) then commit with synchronous=NORMAL and sync the WAL themselves.
import type SQLite from "better-sqlite3";

export function applySqlitePragmas(database: SQLite.Database): void {
  database.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before the 201 goes out, so even a power cut loses nothing
  // acknowledged. The server's connections reach the same with fdatasyncs of the WAL that
  // several commits share, off the event loop (store/wal-sync.ts).
  database.pragma("synchronous = FULL");
  database.pragma("busy_timeout = 5000");
  // The connection whose commit crosses this mark does a checkpoint. Clicks, the bulk of all
  // writes, are checkpointed by a thread of their own far more often (click-store/sqlite-store.ts),
  // so this is a backstop where nothing else does them: conversions alone write about 50 KB of
  // WAL each, and at 10,000 pages (40 MB) a disk freed after filling up was full again before the
  // first checkpoint. SQLite's default of 1,000 pages (4 MB) keeps the WAL small.
  database.pragma("wal_autocheckpoint = 1000");
  database.pragma("cache_size = -65536");
  database.pragma("foreign_keys = ON");
}

// The settings every connection to the embedded database uses: the server's, the click thread's
// and the CLI's. Most are per connection in SQLite, so each one must apply them itself.
import type SQLite from "better-sqlite3";

export function applySqlitePragmas(database: SQLite.Database): void {
  database.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before the 201 goes out, so even a power cut loses nothing
  // acknowledged. Click writes are grouped (see clicks/sqlite-thread.ts) to keep this cheap.
  database.pragma("synchronous = FULL");
  database.pragma("busy_timeout = 5000");
  // Fewer, larger checkpoints: a page rewritten by many commits is copied to the database once.
  // The connection whose commit crosses the mark does the checkpoint, so all must agree on it.
  database.pragma("wal_autocheckpoint = 10000");
  database.pragma("cache_size = -65536");
  database.pragma("foreign_keys = ON");
}

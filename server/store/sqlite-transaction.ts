// An IMMEDIATE transaction on a better-sqlite3 connection in which the error that failed the
// transaction is the one thrown, never a failed ROLLBACK's (better-sqlite3's own
// `transaction()` throws the ROLLBACK's error when that fails). And no transaction is nested by
// accident: better-sqlite3 turns a transaction begun while one is open into a SAVEPOINT, so
// after a ROLLBACK that failed, the next "commit" would commit nothing and a write would be
// acknowledged that is not in the database. A transaction left open is rolled back first.
import type SQLite from "better-sqlite3";

export type ImmediateTransaction = <T>(work: () => T) => T;

export function immediateTransactions(database: SQLite.Database): ImmediateTransaction {
  const begin = database.prepare("BEGIN IMMEDIATE");
  const commit = database.prepare("COMMIT");
  const rollback = database.prepare("ROLLBACK");
  return (work) => {
    if (database.inTransaction) rollback.run();
    begin.run();
    try {
      const result = work();
      commit.run();
      return result;
    } catch (error) {
      // SQLite may have rolled back by itself (SQLITE_FULL, SQLITE_IOERR, …).
      if (database.inTransaction) {
        try {
          rollback.run();
        } catch {
          // The next transaction rolls back again; the caller gets what failed this one.
        }
      }
      throw error;
    }
  };
}

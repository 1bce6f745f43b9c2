// The click writer's transactions (server/store/sqlite-transaction.ts) when they fail: the error
// that failed one is thrown, not its ROLLBACK's, and a transaction a failed ROLLBACK left open is
// rolled back before the next begins, so the next commit really commits (better-sqlite3 would
// make it a savepoint of the old one, committing nothing).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { immediateTransactions } from "../../server/store/sqlite-transaction";

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

function database(): { db: SQLite.Database; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "selgeo-trx-"));
  const path = join(dir, "selgeo.db");
  const db = new SQLite(path);
  db.pragma("journal_mode = WAL");
  db.exec("create table notes (body text)");
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => db.close());
  return { db, path };
}

/** What another connection sees: only committed rows. */
function committed(path: string): string[] {
  const reader = new SQLite(path, { readonly: true });
  try {
    return reader.prepare("select body from notes order by rowid").pluck().all() as string[];
  } finally {
    reader.close();
  }
}

const diskFull = () =>
  Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });

describe("the click writer's transactions when they fail", () => {
  it("throw the error that failed them when SQLite already rolled back", () => {
    const { db } = database();
    const transaction = immediateTransactions(db);
    expect(() =>
      transaction(() => {
        db.exec("insert into notes values ('lost'); rollback");
        throw diskFull();
      }),
    ).toThrow(expect.objectContaining({ code: "SQLITE_FULL" }));
  });

  it("throw the error that failed them when their ROLLBACK fails, and the next one commits", () => {
    const { db, path } = database();
    const transaction = immediateTransactions(db);
    db.exec("insert into notes values ('before')");
    let reading: IterableIterator<unknown> | undefined;
    expect(() =>
      transaction(() => {
        db.prepare("insert into notes values ('undone')").run();
        // A statement still reading: the ROLLBACK cannot run meanwhile.
        reading = db.prepare("select body from notes").iterate();
        reading.next();
        throw diskFull();
      }),
    ).toThrow(expect.objectContaining({ code: "SQLITE_FULL" }));
    expect(db.inTransaction).toBe(true);
    reading?.return?.();

    transaction(() => db.prepare("insert into notes values ('after')").run());
    expect(db.inTransaction).toBe(false);
    expect(committed(path)).toEqual(["before", "after"]);
  });
});

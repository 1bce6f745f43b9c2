// The server's SQLite connection (server/store/sqlite-driver.ts) when a transaction fails: the
// error that failed it is the one its caller gets, also when SQLite has already rolled the
// transaction back by itself (as it does on SQLITE_FULL or SQLITE_IOERR), so a full disk is a
// 503 and not "cannot rollback - no transaction is active"; and the connection goes on working.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../server/store/connect";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function notesStore(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), "selgeo-driver-"));
  const store = await openStore(`file:${join(dir, "selgeo.db")}`);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => store.close());
  await sql`create table notes (body text)`.execute(store.db);
  return store;
}

const diskFull = () =>
  Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });

describe("a failed transaction on the server's SQLite connection", () => {
  it("reports the error that failed it when SQLite already rolled it back", async () => {
    const store = await notesStore();
    const failed = store.db.transaction().execute(async (trx) => {
      await sql`insert into notes (body) values ('lost')`.execute(trx);
      // What SQLite does by itself on some errors: the transaction is gone before Kysely's
      // ROLLBACK, which then fails with "cannot rollback - no transaction is active".
      await sql`rollback`.execute(trx);
      throw diskFull();
    });
    await expect(failed).rejects.toMatchObject({ code: "SQLITE_FULL" });
  });

  it("rolls back what it wrote when SQLite did not, and then works as before", async () => {
    const store = await notesStore();
    await expect(
      store.db.transaction().execute(async (trx) => {
        await sql`insert into notes (body) values ('undone')`.execute(trx);
        throw diskFull();
      }),
    ).rejects.toMatchObject({ code: "SQLITE_FULL" });
    await store.db.transaction().execute(async (trx) => {
      await sql`insert into notes (body) values ('kept')`.execute(trx);
    });
    const rows = await sql<{ body: string }>`select body from notes`.execute(store.db);
    expect(rows.rows.map((row) => row.body)).toEqual(["kept"]);
  });
});

// The server's own SQLite connection (server/store/sqlite-driver.ts): a write is answered only
// after an fdatasync of the WAL that began after its commit, the connection serves the next
// query meanwhile, and writers that commit during one sync share the next.
import { fdatasync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openStore, type Store } from "../../../server/store/connect";
import { isStorageUnavailable } from "../../../server/store/errors";
import type { Fdatasync } from "../../../server/store/wal-sync";
import { heldFdatasync, tracked, turns } from "../../support/durability";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function storeWith(fdatasyncCall: Fdatasync): Promise<{ store: Store; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), "selgeo-durable-"));
  const path = join(dir, "selgeo.db");
  const store = await openStore(`file:${path}`, { fdatasync: fdatasyncCall });
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return { store, path };
}

describe("the server's SQLite connection", () => {
  it("answers a write after the WAL is synced, serving other queries meanwhile", async () => {
    const sync = heldFdatasync();
    const { store, path } = await storeWith(sync.fdatasync);
    cleanup.push(async () => {
      sync.releaseAll();
      await store.close();
    });
    const created = tracked(sql`create table notes (body text)`.execute(store.db));
    await vi.waitFor(() => expect(sync.started).toBe(1));
    const insert = tracked(sql`insert into notes (body) values ('kept')`.execute(store.db));
    // The connection is free: the insert commits (another connection reads it) and a read is
    // answered, while neither write has been answered.
    await vi.waitFor(() => {
      const reader = new SQLite(path, { readonly: true });
      try {
        expect(reader.prepare("select count(*) from notes").pluck().get()).toBe(1);
      } finally {
        reader.close();
      }
    });
    const read = await sql<{ n: number }>`select count(*) as n from notes`.execute(store.db);
    expect(read.rows[0]?.n).toBe(1);
    await turns(20);
    expect([created.settled, insert.settled]).toEqual([false, false]);

    sync.release(0);
    await vi.waitFor(() => expect(created.settled).toBe(true));
    // The insert committed after the first sync began: it needs one of its own.
    await vi.waitFor(() => expect(sync.started).toBe(2));
    expect(insert.settled).toBe(false);
    sync.release(1);
    await vi.waitFor(() => expect(insert.settled).toBe(true));
    expect(insert.error).toBeUndefined();
  });

  it("shares one sync among the transactions that commit while another is under way", async () => {
    const sync = heldFdatasync();
    const { store } = await storeWith(sync.fdatasync);
    cleanup.push(async () => {
      sync.releaseAll();
      await store.close();
    });
    sync.holding = false;
    await sql`create table notes (body text)`.execute(store.db);
    sync.holding = true;
    const before = sync.started;

    const first = tracked(sql`insert into notes (body) values ('first')`.execute(store.db));
    await vi.waitFor(() => expect(sync.started).toBe(before + 1));
    const writes = Array.from({ length: 5 }, (_, i) =>
      tracked(
        store.db.transaction().execute(async (trx) => {
          await sql`insert into notes (body) values (${`racing ${i}`})`.execute(trx);
        }),
      ),
    );
    await turns(30);
    expect(sync.started).toBe(before + 1);
    sync.releaseAll();
    await vi.waitFor(() => expect([first, ...writes].every((write) => write.settled)).toBe(true));
    // One sync for the first write, one for the five that committed while it ran.
    expect(sync.started).toBe(before + 2);
    const count = await sql<{ n: number }>`select count(*) as n from notes`.execute(store.db);
    expect(count.rows[0]?.n).toBe(6);
  });

  it("syncs nothing for reads and rolled-back transactions", async () => {
    const sync = heldFdatasync();
    sync.holding = false;
    const { store } = await storeWith(sync.fdatasync);
    cleanup.push(() => store.close());
    await sql`create table notes (body text)`.execute(store.db);
    const before = sync.started;
    await sql`select count(*) from notes`.execute(store.db);
    const refused = await store.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into notes (body) values ('undone')`.execute(trx);
        throw new Error("changed my mind");
      })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ message: "changed my mind" });
    expect(sync.started).toBe(before);
  });

  it("fails a write whose sync fails, as storage unavailable", async () => {
    let failing = false;
    const { store } = await storeWith((fd, done) => {
      if (failing) done(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }));
      else fdatasync(fd, done);
    });
    cleanup.push(() => {
      failing = false;
      return store.close();
    });
    await sql`create table notes (body text)`.execute(store.db);
    failing = true;
    const failure = await sql`insert into notes (body) values ('lost?')`
      .execute(store.db)
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "EIO" });
    expect(isStorageUnavailable(failure)).toBe(true);
  });
});

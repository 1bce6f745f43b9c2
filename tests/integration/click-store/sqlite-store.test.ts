// Clicks on embedded SQLite (server/click-store/sqlite-store.ts and sqlite-writer.ts). What the store
// must keep: a click is answered only once it is durable (committed, then the WAL synced), the
// visitor look-up and the insert are one step even across processes, one bad click does not fail
// its neighbours, the server's own transactions are not broken by its commits, the event loop
// never waits for another connection's lock, the WAL is checkpointed and starts over, and a
// database it cannot open is a 503, not a hang.
import { statSync } from "node:fs";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { visitorKey } from "../../../server/click-store/recent-visitors";
import { SqliteClickStore } from "../../../server/click-store/sqlite-store";
import { visitorHash } from "../../../server/clicks/visitor";
import { ManualClock } from "../../../server/lib/clock";
import { sqlitePath } from "../../../server/store/connect";
import { isStorageUnavailable } from "../../../server/store/errors";
import { heldFdatasync, tracked, turns } from "../../support/durability";
import { createHarness, type Harness } from "../../support/harness";
import { clickRow } from "../../support/rows";

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0).reverse()) await h.close().catch(() => {});
});

async function harness(options: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  const h = await createHarness(options);
  open.push(h);
  return h;
}

describe("the SQLite click store", () => {
  it("answers a click only once another connection can read it", async () => {
    const h = await harness();
    const reader = new SQLite(sqlitePath(h.databaseUrl), { readonly: true });
    try {
      const visibleWhenAnswered = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          h.click("demo", { ip: `198.51.100.${i}` }).then((res) => {
            expect(res.status).toBe(201);
            return reader.prepare("select 1 from clicks where id = ?").get(res.body.click_id);
          }),
        ),
      );
      expect(visibleWhenAnswered.every((row) => row !== undefined)).toBe(true);
    } finally {
      reader.close();
    }
  });

  it.each([
    // The harness's clock sits months behind the writers', so their look-ups go to the table.
    { where: "the table", clock: () => undefined },
    { where: "memory", clock: () => new ManualClock(new Date()) },
  ])(
    "makes one click of a visitor's requests racing through two processes over one file, looked up in $where",
    async ({ clock }) => {
      const time = clock();
      const a = await harness(time ? { clock: time } : {});
      const b = await harness({ ...(time ? { clock: time } : {}), databaseUrl: a.databaseUrl });
      const key = a.merchant.keys.pk_test;
      // Both click writers open (their memory built) before the race.
      await Promise.all([a, b].map((h, i) => h.click("demo", { key, ip: `192.0.2.${i + 50}` })));
      // Another writer holds the lock while both requests arrive, so both processes look for the
      // visitor's click at the same moment; only a look-up inside the write transaction sees the
      // other's insert once the lock is released. Both "processes" share this test's event loop:
      // the timer below fires only because neither waits for the lock on it.
      const holder = new SQLite(sqlitePath(a.databaseUrl));
      holder.exec("begin immediate");
      const racing = [a, b, a, b].map((h) => h.click("demo", { key, ip: "203.0.113.77" }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      holder.exec("commit");
      holder.close();
      const answers = await Promise.all(racing);
      expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 201]);
      expect(new Set(answers.map((res) => res.body.click_id)).size).toBe(1);
      const stored = await a.services.store.db.selectFrom("clicks").select("id").execute();
      expect(stored).toHaveLength(3);
    },
  );

  it("fails only the click that cannot be written, not the others taken with it", async () => {
    const h = await harness();
    await h.createPartner({ name: "Broken", ref: "broken" });
    await sql
      .raw(
        "create trigger refuse_broken before insert on click_rows when new.ref = 'broken' begin select raise(abort, 'refused'); end",
      )
      .execute(h.services.store.db);
    const answers = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => h.click("demo", { ip: `192.0.2.${i + 1}` })),
      h.click("broken", { ip: "192.0.2.200" }),
    ]);
    expect(answers.slice(0, 8).map((res) => res.status)).toEqual(Array(8).fill(201));
    expect(answers[8]?.status).toBe(500);
    const stored = await h.services.store.db.selectFrom("clicks").select("ref").execute();
    expect(stored.map((row) => row.ref)).toEqual(Array(8).fill("demo"));
  });

  it("leaves the server's own transactions working while clicks are being committed", async () => {
    const h = await harness();
    // Stands in for the click writer: a second connection that commits whenever it can.
    const clickWriter = new SQLite(sqlitePath(h.databaseUrl), { timeout: 0 });
    const commitAClick = () =>
      clickWriter.prepare("update click_rows set url = url where id = ?").run("clk_none");
    try {
      let committedDuring: unknown;
      await h.services.store.db.transaction().execute(async (trx) => {
        await trx.selectFrom("clicks").select("id").execute();
        // With a plain BEGIN this commit would go through and the write below would fail with
        // SQLITE_BUSY (the read's snapshot is stale); the server's transaction holds the write
        // lock from its start instead, so the other connection waits its turn.
        try {
          commitAClick();
          committedDuring = true;
        } catch (error) {
          committedDuring = error;
        }
        await trx
          .updateTable("merchants")
          .set({ name: "Renamed in a transaction" })
          .where("id", "=", h.merchant.merchant_id)
          .execute();
      });
      expect(committedDuring).toMatchObject({ code: "SQLITE_BUSY" });
      commitAClick();
    } finally {
      clickWriter.close();
    }
    const merchant = await h.services.store.db
      .selectFrom("merchants")
      .select("name")
      .where("id", "=", h.merchant.merchant_id)
      .executeTakeFirstOrThrow();
    expect(merchant.name).toBe("Renamed in a transaction");
  });

  it("takes conversions while clicks stream in", async () => {
    const h = await harness();
    const first = await h.click("demo", { ip: "192.0.2.1" });
    const clicks = Array.from({ length: 150 }, (_, i) =>
      h.click("demo", { ip: `10.9.${i >> 8}.${i & 255}` }),
    );
    const conversions = Array.from({ length: 40 }, (_, i) =>
      h.post("/api/v1/conversions", {
        key: h.merchant.keys.sk_test,
        body: {
          click_id: first.body.click_id,
          event_type: "purchase",
          external_transaction_id: `race_${i}`,
          amount_cents: 1000,
          currency: "EUR",
        },
      }),
    );
    const [clickAnswers, conversionAnswers] = await Promise.all([
      Promise.all(clicks),
      Promise.all(conversions),
    ]);
    expect(clickAnswers.filter((res) => res.status !== 201)).toEqual([]);
    expect(conversionAnswers.map((res) => res.status)).toEqual(Array(40).fill(201));
  });

  it("refuses to start on a database it cannot open, and fails clicks at once as storage unavailable", async () => {
    const h = await harness();
    const store = new SqliteClickStore(
      { ...h.services.store, path: "/nonexistent-selgeo-dir/clicks.db" },
      pino({ level: "silent" }),
    );
    const refused = await store.start().catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "SQLITE_CANTOPEN" });
    const failure = await store
      .record(
        clickRow({
          id: "clk_unopened",
          merchant_id: h.merchant.merchant_id,
          partner_id: h.partner.id,
          program_id: h.program.id,
        }),
      )
      .catch((error: unknown) => error);
    expect(isStorageUnavailable(failure)).toBe(true);
    // Within a second of the failure the click fails at once, without the database opened again.
    expect(failure).toBe(refused);
    await store.close();
  });
});

// The writer remembers the last hour's visitors instead of asking an index; the harness's clock
// normally sits months before the writer's own, which sends every look-up to the table. These
// tests run on the writer's time so that memory answers them.
describe("the SQLite click writer's memory of visitors", () => {
  const onWriterTime = () => new ManualClock(new Date());

  it("answers a returning visitor within the hour and records a new click after it", async () => {
    const h = await harness({ clock: onWriterTime() });
    const first = await h.click("demo", { ip: "198.51.100.1" });
    const again = await h.click("demo", { ip: "198.51.100.1" });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.click_id).toBe(first.body.click_id);
    expect((await h.click("demo", { ip: "198.51.100.2" })).status).toBe(201);
    h.clock.advance(61 * 60_000);
    const later = await h.click("demo", { ip: "198.51.100.1" });
    expect(later.status).toBe(201);
    expect(later.body.click_id).not.toBe(first.body.click_id);
  });

  it("makes one click of a visitor's requests taken in one batch", async () => {
    const h = await harness({ clock: onWriterTime() });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => h.click("demo", { ip: "198.51.100.9" })),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((res) => res.body.click_id)).size).toBe(1);
  });

  it("rebuilds its memory from the table when it starts again", async () => {
    const h = await harness({ clock: onWriterTime() });
    const first = await h.click("demo", { ip: "198.51.100.3" });
    await h.services.clickStore.close();
    const again = await h.click("demo", { ip: "198.51.100.3" });
    expect(again.status).toBe(200);
    expect(again.body.click_id).toBe(first.body.click_id);
  });

  it("finds a click another process wrote since its own last transaction", async () => {
    const clock = onWriterTime();
    const a = await harness({ clock });
    const b = await harness({ clock, databaseUrl: a.databaseUrl });
    const key = a.merchant.keys.pk_test;
    // b's writer is open (its memory built) before a writes the click.
    expect((await b.click("demo", { key, ip: "198.51.100.4" })).status).toBe(201);
    const first = await a.click("demo", { key, ip: "198.51.100.5" });
    const fromB = await b.click("demo", { key, ip: "198.51.100.5" });
    expect([first.status, fromB.status]).toEqual([201, 200]);
    expect(fromB.body.click_id).toBe(first.body.click_id);
  });

  it("never answers a visitor with another's click whose key hashes the same", async () => {
    const h = await harness({ clock: onWriterTime() });
    const userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36";
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const key = visitorKey({
        merchant_id: h.merchant.merchant_id,
        mode: "test",
        visitor_hash: visitorHash(h.merchant.merchant_id, ip, userAgent),
        ref: "demo",
      });
      const earlier = seen.get(key);
      if (earlier) pair = [earlier, ip];
      seen.set(key, ip);
    }
    const first = await h.click("demo", { ip: pair[0], userAgent });
    const second = await h.click("demo", { ip: pair[1], userAgent });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.click_id).not.toBe(first.body.click_id);
    expect((await h.click("demo", { ip: pair[1], userAgent })).body.click_id).toBe(
      second.body.click_id,
    );
  });

  it("asks the table when a look-up reaches back before what it remembers", async () => {
    // The harness's usual clock, months behind the writer: the click below is older than
    // anything the reopened writer loads into memory, yet inside the request's window.
    const h = await harness();
    const first = await h.click("demo", { ip: "198.51.100.6" });
    await h.services.clickStore.close();
    h.clock.advance(30 * 60_000);
    const again = await h.click("demo", { ip: "198.51.100.6" });
    expect(again.status).toBe(200);
    expect(again.body.click_id).toBe(first.body.click_id);
  });
});

describe("the SQLite click store's commits, syncs, locks and checkpoints", () => {
  const silent = pino({ level: "silent" });
  let n = 0;
  const rowFor = (h: Harness) =>
    clickRow({
      id: `clk_store${String(++n).padStart(6, "0")}`,
      merchant_id: h.merchant.merchant_id,
      partner_id: h.partner.id,
      program_id: h.program.id,
      visitor_hash: `visitor-${n}`,
    });
  it("answers a click only after the WAL is synced, and commits what came meanwhile as one batch after it", async () => {
    const h = await harness();
    const sync = heldFdatasync();
    const store = new SqliteClickStore(h.services.store, silent, { fdatasync: sync.fdatasync });
    const reader = new SQLite(sqlitePath(h.databaseUrl), { readonly: true });
    const stored = (id: string) =>
      reader.prepare("select 1 from clicks where id = ?").get(id) !== undefined;
    try {
      const firstRow = rowFor(h);
      const first = tracked(store.record(firstRow));
      await vi.waitFor(() => expect(sync.started).toBe(1));
      // Committed (another connection reads it) but not yet answered: not yet durable.
      expect(stored(firstRow.id)).toBe(true);
      await turns(20);
      expect(first.settled).toBe(false);

      const laterRows = Array.from({ length: 5 }, () => rowFor(h));
      const later = laterRows.map((row) => tracked(store.record(row)));
      await turns(20);
      // Nothing is committed while a sync is under way: these wait to be the next batch.
      expect(laterRows.map((row) => stored(row.id))).toEqual(Array(5).fill(false));

      sync.release(0);
      await vi.waitFor(() => expect(first.settled).toBe(true));
      expect(first.value).toMatchObject({ id: firstRow.id, created: true });
      await vi.waitFor(() => expect(sync.started).toBe(2));
      expect(laterRows.map((row) => stored(row.id))).toEqual(Array(5).fill(true));
      await turns(20);
      expect(later.map((click) => click.settled)).toEqual(Array(5).fill(false));

      sync.release(1);
      await vi.waitFor(() => expect(later.every((click) => click.settled)).toBe(true));
      expect(sync.started).toBe(2);
    } finally {
      reader.close();
      await store.close();
    }
  });

  it("fails the clicks of a batch whose WAL sync fails, as storage unavailable", async () => {
    const h = await harness();
    const store = new SqliteClickStore(h.services.store, silent, {
      fdatasync: (_fd, done) => done(Object.assign(new Error("EIO: i/o error"), { code: "EIO" })),
    });
    const failures = await Promise.all(
      [rowFor(h), rowFor(h)].map((row) => store.record(row).catch((error: unknown) => error)),
    );
    expect(failures).toEqual([
      expect.objectContaining({ code: "EIO" }),
      expect.objectContaining({ code: "EIO" }),
    ]);
    expect(failures.every(isStorageUnavailable)).toBe(true);
    await store.close();
  });

  it("waits for another connection's write lock without holding up the event loop", async () => {
    const h = await harness();
    const store = new SqliteClickStore(h.services.store, silent);
    await store.start();
    const holder = new SQLite(sqlitePath(h.databaseUrl));
    holder.exec("begin immediate");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    try {
      const clicks = [rowFor(h), rowFor(h)].map((row) => tracked(store.record(row)));
      await turns(250);
      expect(clicks.some((click) => click.settled)).toBe(false);
      // A store that waited on the event loop (busy_timeout) would have let no timer run.
      expect(ticks).toBeGreaterThan(10);
      holder.exec("commit");
      await vi.waitFor(() => expect(clicks.every((click) => click.settled)).toBe(true));
      expect(clicks.map((click) => click.value?.created)).toEqual([true, true]);
    } finally {
      clearInterval(ticker);
      if (holder.inTransaction) holder.exec("rollback");
      holder.close();
      await store.close();
    }
  });

  it("gives up on clicks whose lock wait runs out, as storage unavailable, and writes the next ones", async () => {
    const h = await harness();
    const store = new SqliteClickStore(h.services.store, silent, { lockWaitMs: 150 });
    await store.start();
    const holder = new SQLite(sqlitePath(h.databaseUrl));
    holder.exec("begin immediate");
    try {
      const started = performance.now();
      const failure = await store.record(rowFor(h)).catch((error: unknown) => error);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      expect(failure).toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
      expect(isStorageUnavailable(failure)).toBe(true);
    } finally {
      holder.exec("commit");
      holder.close();
    }
    await expect(store.record(rowFor(h))).resolves.toMatchObject({ created: true });
    await store.close();
  });

  it("has the WAL checkpointed while clicks are written, so that it starts over instead of growing", async () => {
    const walGrowth = async (checkpointEveryMs: number) => {
      const h = await harness();
      const wal = `${sqlitePath(h.databaseUrl)}-wal`;
      // The migrations' frames are in the WAL already.
      const before = statSync(wal).size;
      const store = new SqliteClickStore(h.services.store, silent, { checkpointEveryMs });
      for (let batch = 0; batch < 40; batch++) {
        await Promise.all(Array.from({ length: 20 }, () => store.record(rowFor(h))));
      }
      await store.close();
      return statSync(wal).size - before;
    };
    expect(await walGrowth(3_600_000)).toBeGreaterThan(400_000);
    // Only the first commit (before the first checkpoint) adds to the migrations' frames; each
    // checkpoint copied every frame, so the commit after it wrote from the WAL's start again.
    expect(await walGrowth(0)).toBeLessThan(50_000);
  });

  it("holds commits while a checkpoint runs, but not past the hold limit", async () => {
    const h = await harness();
    let checkpoints = 0;
    let finishCheckpoint: () => void = () => {};
    const store = new SqliteClickStore(h.services.store, silent, {
      checkpointEveryMs: 0,
      checkpointHoldMs: 300,
      checkpointer: {
        start: () => {},
        run: () => {
          checkpoints++;
          return new Promise<void>((resolve) => {
            finishCheckpoint = resolve;
          });
        },
        close: async () => {},
      },
    });
    await store.record(rowFor(h));
    expect(checkpoints).toBe(1);
    const started = performance.now();
    const held = tracked(store.record(rowFor(h)));
    await turns(150);
    expect(held.settled).toBe(false);
    // The checkpoint never finishes: after the hold the click is committed all the same.
    await vi.waitFor(() => expect(held.settled).toBe(true));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    finishCheckpoint();

    // A checkpoint that finishes releases the commits held for it at once.
    await store.record(rowFor(h));
    expect(checkpoints).toBe(3);
    const next = tracked(store.record(rowFor(h)));
    await turns(50);
    expect(next.settled).toBe(false);
    finishCheckpoint();
    await vi.waitFor(() => expect(next.settled).toBe(true));
    finishCheckpoint();
    await store.close();
  });
});

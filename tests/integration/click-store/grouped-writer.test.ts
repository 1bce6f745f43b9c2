// The grouped click writer: a click is acknowledged only once its own batch is on disk, a
// duplicate that reuses a click still in flight succeeds or fails with that write, and on
// PostgreSQL a visitor's requests racing through two processes make one click.
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { ClickWriter, visitorLockId } from "../../../server/click-store/grouped-writer";
import { openStore, sqlitePath } from "../../../server/store/connect";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Dialect, type Harness, POSTGRES_URL } from "../../support/harness";
import { clickRow } from "../../support/rows";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close().catch(() => {});
  h = undefined;
});

const row = (id: string) => clickRow({ id });

describe("ClickWriter", () => {
  it("stores many concurrent writes in few transactions, every one acknowledged after commit", async () => {
    h = await createHarness();
    let inserts = 0;
    const counted = h.services.store.db.withPlugin({
      transformQuery(args) {
        if (args.node.kind === "InsertQueryNode") inserts += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const writer = new ClickWriter(counted, pino({ level: "silent" }));
    // A second connection sees only what is committed.
    const reader = new SQLite(sqlitePath(h.databaseUrl), { readonly: true });
    try {
      const ids = Array.from({ length: 120 }, (_, i) => `clk_writer${String(i).padStart(4, "0")}`);
      const visibleWhenAcknowledged = await Promise.all(
        ids.map((id) =>
          writer
            .write(row(id), id)
            .then(() => reader.prepare("select id from clicks where id = ?").get(id) !== undefined),
        ),
      );
      expect(visibleWhenAcknowledged.every(Boolean)).toBe(true);
      expect(inserts).toBeGreaterThan(0);
      expect(inserts).toBeLessThanOrEqual(3);
    } finally {
      reader.close();
    }
  });
});

const dialects = await dialectsUnderTest();

describe.each(dialects)("ClickWriter on $dialect", ({ dialect, available }) => {
  it.skipIf(!available)(
    "fails only the row a constraint refuses; the rest of its batch is written",
    async () => {
      h = await createHarness({ dialect });
      const writer = new ClickWriter(h.services.store.db, pino({ level: "silent" }));
      // The same primary key twice in one batch: the grouped insert fails as a whole.
      const results = await Promise.allSettled([
        writer.write(row("clk_twice"), "a"),
        writer.write(row("clk_other"), "b"),
        writer.write(row("clk_twice"), "c"),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
      const stored = await h.services.store.db.selectFrom("clicks").select("id").execute();
      expect(stored.map((r) => r.id).sort()).toEqual(["clk_other", "clk_twice"]);
    },
  );

  it.skipIf(!available)("rejects every caller when the database itself fails", async () => {
    h = await createHarness({ dialect });
    const writer = new ClickWriter(h.services.store.db, pino({ level: "silent" }));
    const db = h.services.store.db;
    // On SQLite `clicks` is a view whose trigger stores its rows (0016_storage_click_keys):
    // without the trigger nothing can be inserted into it.
    const insertTrigger =
      dialect === "sqlite"
        ? (
            await sql<{
              sql: string;
            }>`select sql from sqlite_schema where name = 'clicks_insert'`.execute(db)
          ).rows[0]?.sql
        : undefined;
    await sql
      .raw(
        insertTrigger ? "drop trigger clicks_insert" : "alter table clicks rename to clicks_gone",
      )
      .execute(db);
    const results = await Promise.allSettled([
      writer.write(row("clk_one"), "a"),
      writer.write(row("clk_two"), "b"),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await sql.raw(insertTrigger ?? "alter table clicks_gone rename to clicks").execute(db);
  });
});

const REFUSE_CLICKS: Record<Dialect, string[]> = {
  sqlite: [
    "create trigger refuse_clicks before insert on click_rows begin select raise(abort, 'disk full'); end",
  ],
  postgres: [
    "create function refuse_clicks() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$",
    "create trigger refuse_clicks before insert on clicks for each row execute function refuse_clicks()",
  ],
};

describe.each(dialects)(
  "a duplicate click while the first write is in flight ($dialect)",
  ({ dialect, available }) => {
    it.skipIf(!available)(
      "fails with the write it reused instead of answering with a click that was never stored",
      async () => {
        h = await createHarness({ dialect });
        // Reads work, every click insert fails: the way a full disk fails only the write.
        for (const statement of REFUSE_CLICKS[dialect]) {
          await sql.raw(statement).execute(h.services.store.db);
        }
        const [first, duplicate] = await Promise.all([
          h.click("demo", { ip: "192.0.2.90" }),
          h.click("demo", { ip: "192.0.2.90" }),
        ]);
        expect(first.status).toBeGreaterThanOrEqual(500);
        expect(duplicate.status).toBeGreaterThanOrEqual(500);
        expect(duplicate.body.click_id).toBeUndefined();
        const stored = await h.services.store.db.selectFrom("clicks").select("id").execute();
        expect(stored).toEqual([]);
      },
    );
  },
);

describe("clicks on one PostgreSQL from two processes", () => {
  const available = dialects.some((each) => each.dialect === "postgres" && each.available);
  const open: Harness[] = [];
  afterEach(async () => {
    for (const each of open.splice(0).reverse()) await each.close().catch(() => {});
  });

  it.skipIf(!available)(
    "makes one click of a visitor's requests racing through both, the other answering with it",
    async () => {
      const a = await createHarness({ dialect: "postgres" });
      open.push(a);
      // A second server on the same schema: its own pool, caches and writer, like a process.
      const b = await createHarness({
        dialect: "postgres",
        databaseUrl: POSTGRES_URL,
        ...(a.pgSchema ? { pgSchema: a.pgSchema } : {}),
      });
      open.push(b);
      const key = a.merchant.keys.pk_test;
      // Inserts wait behind this lock while reads go on, so both processes look for the
      // visitor's click, find none, and reach their insert together; only a look-up that the
      // other's commit cannot slip past keeps the second click out.
      const holder = new pg.Client({
        connectionString: POSTGRES_URL,
        options: `-c search_path=${a.pgSchema}`,
      });
      await holder.connect();
      try {
        await holder.query("begin");
        await holder.query("lock table clicks in share mode");
        const racing = [a, b, a, b].map((h) => h.click("demo", { key, ip: "203.0.113.78" }));
        await new Promise((resolve) => setTimeout(resolve, 300));
        await holder.query("commit");
        const answers = await Promise.all(racing);
        expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 201]);
        expect(new Set(answers.map((res) => res.body.click_id)).size).toBe(1);
      } finally {
        await holder.end();
      }
      const stored = await a.services.store.db.selectFrom("clicks").select("id").execute();
      expect(stored).toHaveLength(1);
    },
  );

  it.skipIf(!available)(
    "answers a visitor returning through the other process with the click it stored (found by the batch)",
    async () => {
      const a = await createHarness({ dialect: "postgres" });
      open.push(a);
      const b = await createHarness({
        dialect: "postgres",
        databaseUrl: POSTGRES_URL,
        ...(a.pgSchema ? { pgSchema: a.pgSchema } : {}),
      });
      open.push(b);
      const key = a.merchant.keys.pk_test;
      const first = await a.click("demo", { key, ip: "203.0.113.79" });
      expect(first.status).toBe(201);
      b.clock.set(new Date(a.clock.now().getTime() + 30 * 60_000));
      const again = await b.click("demo", { key, ip: "203.0.113.79" });
      expect(again.status).toBe(200);
      expect(again.body.click_id).toBe(first.body.click_id);
      const stored = await a.services.store.db.selectFrom("clicks").select("id").execute();
      expect(stored).toHaveLength(1);
    },
  );

  it.skipIf(!available)(
    "locks a batch's visitors in one order for every process, so opposite batches do not deadlock",
    async () => {
      const a = await createHarness({ dialect: "postgres" });
      open.push(a);
      const other = await openStore(POSTGRES_URL, a.pgSchema ? { schema: a.pgSchema } : {});
      const silent = pino({ level: "silent" });
      const first = new ClickWriter(a.services.store.db, silent, { shared: true });
      const second = new ClickWriter(other.db, silent, { shared: true });
      const [low, middle, high] = ["visitor-a", "visitor-b", "visitor-c", "visitor-d"]
        .map((visitor) => ({ visitor, lock: visitorLockId(visitor) }))
        .sort((x, y) => (x.lock < y.lock ? -1 : x.lock > y.lock ? 1 : 0));
      const visitors = [low, middle, high].map((each) => each?.visitor as string);
      // The middle lock is held elsewhere: a writer taking its batch's locks as listed would
      // hold the low one while the other holds the high one, each then waiting for the other.
      const holder = new pg.Client({ connectionString: POSTGRES_URL });
      await holder.connect();
      try {
        await holder.query("select pg_advisory_lock($1)", [String(middle?.lock)]);
        const writes = [
          ...visitors.map((visitor) =>
            first.write(clickRow({ id: `clk_a_${visitor}`, visitor_hash: visitor }), visitor),
          ),
          ...[...visitors]
            .reverse()
            .map((visitor) =>
              second.write(clickRow({ id: `clk_b_${visitor}`, visitor_hash: visitor }), visitor),
            ),
        ];
        await new Promise((resolve) => setTimeout(resolve, 300));
        await holder.query("select pg_advisory_unlock($1)", [String(middle?.lock)]);
        const answers = await Promise.all(writes);
        expect(answers.filter((answer) => answer.created)).toHaveLength(3);
        expect(new Set(answers.map((answer) => answer.id)).size).toBe(3);
      } finally {
        await holder.end();
        await other.close();
      }
      const stored = await a.services.store.db.selectFrom("clicks").select("id").execute();
      expect(stored).toHaveLength(3);
    },
  );

  it.skipIf(!available)(
    "writes other visitors' clicks while a batch waits for a lock, and the waiting one after it",
    async () => {
      const a = await createHarness({ dialect: "postgres" });
      open.push(a);
      const writer = new ClickWriter(a.services.store.db, pino({ level: "silent" }), {
        shared: true,
        concurrentBatches: 3,
      });
      // Another process holds the first visitor's lock, as while it writes that visitor's click.
      const holder = new pg.Client({ connectionString: POSTGRES_URL });
      await holder.connect();
      try {
        await holder.query("select pg_advisory_lock($1)", [String(visitorLockId("visitor-held"))]);
        let heldDone = false;
        const held = writer
          .write(clickRow({ id: "clk_held", visitor_hash: "visitor-held" }), "visitor-held")
          .then((answer) => {
            heldDone = true;
            return answer;
          });
        await new Promise((resolve) => setTimeout(resolve, 50));
        // One batch at a time, this one would wait behind the held batch's lock.
        const free = await writer.write(
          clickRow({ id: "clk_free", visitor_hash: "visitor-free" }),
          "visitor-free",
        );
        expect(free.created).toBe(true);
        expect(heldDone).toBe(false);
        await holder.query("select pg_advisory_unlock($1)", [
          String(visitorLockId("visitor-held")),
        ]);
        expect((await held).created).toBe(true);
      } finally {
        await holder.end();
      }
      await writer.drain();
      const stored = await a.services.store.db.selectFrom("clicks").select("id").execute();
      expect(stored.map((row) => row.id).sort()).toEqual(["clk_free", "clk_held"]);
    },
  );
});

// The grouped click writer: a click is acknowledged only once its own batch is on disk, and a
// duplicate that reuses a click still in flight succeeds or fails with that write.
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { ClickWriter } from "../../server/clicks/grouped-writer";
import { sqlitePath } from "../../server/store/connect";
import { dialectsUnderTest } from "../support/dialects";
import { createHarness, type Dialect, type Harness } from "../support/harness";
import { clickRow } from "../support/rows";

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
    await sql.raw("alter table clicks rename to clicks_gone").execute(h.services.store.db);
    const results = await Promise.allSettled([
      writer.write(row("clk_one"), "a"),
      writer.write(row("clk_two"), "b"),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await sql.raw("alter table clicks_gone rename to clicks").execute(h.services.store.db);
  });
});

const REFUSE_CLICKS: Record<Dialect, string[]> = {
  sqlite: [
    "create trigger refuse_clicks before insert on clicks begin select raise(abort, 'disk full'); end",
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

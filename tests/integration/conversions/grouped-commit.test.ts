// Conversions on SQLite share their commits (server/store/grouped-transactions.ts): conversions
// that arrive together are one transaction and one fdatasync, each in a savepoint of its own, and
// one that fails is rolled back alone while the others of its group are committed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../../server/store/connect";
import { convert, txn } from "../../support/conversions";
import { createHarness, type Harness } from "../../support/harness";

const N = 20;

describe("conversions arriving together on SQLite", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  async function stored(ids: string[]): Promise<string[]> {
    const rows = await h.services.store.db
      .selectFrom("conversions")
      .select("external_transaction_id")
      .where("external_transaction_id", "in", ids)
      .execute();
    return rows.map((row) => row.external_transaction_id).sort();
  }

  it("share commits: fewer than one per conversion, every 201 stored", async () => {
    const health = h.services.store.health;
    const before = health.commits;
    const ids = Array.from({ length: N }, () => txn("grouped"));
    const results = await Promise.all(ids.map((id) => convert(h, { external_transaction_id: id })));
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 201));
    expect(await stored(ids)).toEqual([...ids].sort());
    // One commit each without grouping; a loaded machine may split the burst into a few groups.
    expect(health.commits - before).toBeLessThanOrEqual(N / 2);
    // What /metrics reports.
    const metrics = (await h.get("/metrics")).text;
    expect(metrics).toMatch(/^selgeo_storage_commits_total [1-9]\d*$/m);
  });

  it("roll back a conversion that fails alone: its group's others are committed", async () => {
    const health = h.services.store.health;
    const before = health.commits;
    const ids = Array.from({ length: N }, () => txn("grouped"));
    // Each transaction twice at once: the second of each pair fails on the unique index inside
    // the group (neither was committed when both looked), and only it is rolled back.
    const results = await Promise.all(
      [...ids, ...ids].map((id) => convert(h, { external_transaction_id: id })),
    );
    expect(health.commits - before).toBeLessThan(N);
    const byId = new Map<string, number[]>();
    results.forEach((r, i) => {
      const id = [...ids, ...ids][i] as string;
      byId.set(id, [...(byId.get(id) ?? []), r.status].sort());
    });
    for (const id of ids)
      expect({ id, statuses: byId.get(id) }).toEqual({ id, statuses: [201, 409] });
    expect(await stored(ids)).toEqual([...ids].sort());
  });
});

describe("grouped transactions", () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it("commit each work's rows but a failing one's, in one commit, and give each its own answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "selgeo-grouped-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = await openStore(`file:${join(dir, "selgeo.db")}`);
    cleanup.push(() => store.close());
    await sql`create table notes (body text not null)`.execute(store.db);
    const grouped = store.grouped;
    if (!grouped) throw new Error("SQLite stores group transactions");
    const before = store.health.commits;

    const insert = (body: string) => sql`insert into notes (body) values (${body})`;
    const outcomes = await Promise.allSettled([
      grouped.run(async (trx) => {
        await insert("first").execute(trx);
        return "first";
      }),
      grouped.run(async (trx) => {
        await insert("undone").execute(trx);
        throw new Error("this one fails after writing");
      }),
      grouped.run(async (trx) => {
        // A constraint failure of SQLite itself, after a row of its own.
        await insert("undone too").execute(trx);
        await sql`insert into notes (body) values (null)`.execute(trx);
      }),
      grouped.run(async (trx) => {
        await insert("last").execute(trx);
        return "last";
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
    expect(outcomes[0]).toMatchObject({ value: "first" });
    expect(outcomes[1]).toMatchObject({ reason: { message: "this one fails after writing" } });
    expect(outcomes[2]).toMatchObject({ reason: { code: "SQLITE_CONSTRAINT_NOTNULL" } });
    expect(store.health.commits - before).toBe(1);
    const rows = await sql<{ body: string }>`select body from notes order by rowid`.execute(
      store.db,
    );
    expect(rows.rows.map((r) => r.body)).toEqual(["first", "last"]);
  });
});

// The SQLite click writer's dedupe memory past its budget and while it loads
// (click-store/recent-visitors.ts, sqlite-writer.ts): with a budget far below the hour's
// visitors it keeps the most recent part and asks the visitor-prefix index for the rest, so
// every returning visitor is still answered with their click, at a cost per click close to
// memory's (measured against a full memory in the same run) and far from reading the merchant's
// hour; and after opening, the writer answers at once — exactly, from the index — while the
// stored clicks are loaded a chunk at a time.
import SQLite from "better-sqlite3";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { entriesForBudget } from "../../../server/click-store/recent-visitors";
import { SqliteClickStore } from "../../../server/click-store/sqlite-store";
import {
  type ClickOutcome,
  openSqliteClickWriter,
} from "../../../server/click-store/sqlite-writer";
import { clickWriterQueries } from "../../../server/click-store/sqlite-writer-queries";
import { newId } from "../../../server/lib/ids";
import { sqlitePath } from "../../../server/store/connect";
import type { NewClick } from "../../../server/store/schema";
import { createHarness, type Harness } from "../../support/harness";
import { clickRow } from "../../support/rows";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close().catch(() => {});
});

async function harness(): Promise<Harness> {
  const h = await createHarness();
  open.push(h);
  return h;
}

/** A click of visitor `n` made `agoMs` before now, for the harness's merchant. */
function visitorClick(h: Harness, n: number, agoMs: number): NewClick {
  const at = new Date(Date.now() - agoMs).toISOString();
  return clickRow({
    id: newId("clk"),
    merchant_id: h.merchant.merchant_id,
    partner_id: h.partner.id,
    program_id: h.program.id,
    visitor_hash: `${n.toString(16).padStart(8, "0")}${"ab".repeat(12)}`,
    created_at: at,
    expires_at: at,
  });
}

/** Many clicks of other visitors in the last hour, written straight to the file. */
function fillHour(h: Harness, count: number, firstVisitor: number): void {
  const database = new SQLite(sqlitePath(h.databaseUrl));
  const insert = database.prepare(
    "insert into clicks (id, merchant_id, mode, partner_id, program_id, ref, visitor_hash, url, referrer, created_at, expires_at) values (@id, @merchant_id, @mode, @partner_id, @program_id, @ref, @visitor_hash, @url, @referrer, @created_at, @expires_at)",
  );
  database.transaction(() => {
    for (let i = 0; i < count; i++) {
      insert.run(visitorClick(h, firstVisitor + i, 50 * 60_000 - i));
    }
  })();
  database.close();
}

function expectAnsweredWith(outcomes: ClickOutcome[], firstIds: string[]): void {
  expect(outcomes.map((outcome) => (outcome && "id" in outcome ? outcome.id : outcome))).toEqual(
    firstIds,
  );
}

describe("the click dedupe memory past its budget", () => {
  it("asks the visitor-prefix index, not the merchant's hour, for what memory let go", async () => {
    const h = await harness();
    const database = new SQLite(sqlitePath(h.databaseUrl), { readonly: true });
    const { findRecent } = clickWriterQueries(h.services.store.db);
    const plan = database
      .prepare(`explain query plan ${findRecent.sql}`)
      .all("00000001", "00000001", "m", "test", "demo", "2026-01-01T00:00:00.000Z")
      .map((row) => (row as { detail: string }).detail);
    database.close();
    expect(plan).toEqual([
      expect.stringMatching(/^SEARCH clicks USING INDEX clicks_by_visitor_prefix \(<expr>=\?\)$/),
      expect.stringMatching(/TEMP B-TREE FOR ORDER BY/),
    ]);
  });

  it("stays exact, and about as fast as memory, with a budget far below the hour's visitors", async () => {
    const h = await harness();
    // The merchant's busy hour: a look-up that read it would cost thousands of rows per click.
    fillHour(h, 30_000, 1_000_000);
    const path = sqlitePath(h.databaseUrl);
    const queries = clickWriterQueries(h.services.store.db);

    const visitors = 400;
    const run = (maxEntries: number, offset: number) => {
      const writer = openSqliteClickWriter(path, queries, { maxEntries });
      try {
        while (writer.loadStep());
        const firsts = Array.from({ length: visitors }, (_, n) =>
          visitorClick(h, offset + n, 40 * 60_000),
        );
        const stored = firsts.map((row) => writer.write([row])[0]);
        expect(stored.every((outcome) => outcome === null)).toBe(true);
        const memory = writer.memory();
        const started = performance.now();
        const again = firsts.map((_, n) => writer.write([visitorClick(h, offset + n, 0)])[0]);
        const elapsed = performance.now() - started;
        expectAnsweredWith(
          again as ClickOutcome[],
          firsts.map((row) => row.id),
        );
        return { elapsed, memory };
      } finally {
        writer.close();
      }
    };

    const full = run(10_000_000, 0);
    const small = run(50, visitors);
    expect(full.memory.entries).toBeGreaterThan(30_000);
    // The small memory holds a sliver of the hour: its last generation or two.
    expect(small.memory.entries).toBeLessThanOrEqual(100);
    // A look-up by the index reads a row or two; one that read the merchant's hour would read
    // 30,000 per click (hundreds of times memory's cost). Margins for a loaded machine.
    expect(small.elapsed).toBeLessThan(full.elapsed * 10 + 200);

    // A visitor whose first click was let go long ago is still one click through the store.
    const store = new SqliteClickStore(h.services.store, pino({ level: "silent" }), {
      memoryEntries: 50,
    });
    open.push(store);
    await store.start();
    const later = await store.record(visitorClick(h, 7, 0));
    expect(later.created).toBe(false);
  });

  it("turns a budget in megabytes into entries", () => {
    expect(entriesForBudget(120)).toBe(4_000_000);
    expect(entriesForBudget(1)).toBe(33_333);
  });
});

describe("the click dedupe memory after a start", () => {
  it("answers at once, exactly, from the index while the stored clicks load", async () => {
    const h = await harness();
    fillHour(h, 20_000, 0);
    const store = new SqliteClickStore(h.services.store, pino({ level: "silent" }), {
      loadChunk: 100,
    });
    open.push(store);
    await store.start();
    // Visitors 0, 7000 and 19,999 clicked in the last hour; 50,000 did not.
    const answers = await Promise.all(
      [0, 7000, 19_999, 50_000].map((n) => store.record(visitorClick(h, n, 0))),
    );
    const during = store.dedupeMemory();
    expect(during?.loaded).toBe(false);
    expect(during?.entries).toBeLessThan(20_000);
    expect(answers.map((answer) => answer.created)).toEqual([false, false, false, true]);
    const database = new SQLite(sqlitePath(h.databaseUrl), { readonly: true });
    const firstIds = [0, 7000, 19_999].map(
      (n) =>
        (
          database
            .prepare("select id from clicks where visitor_hash = ? order by created_at limit 1")
            .get(visitorClick(h, n, 0).visitor_hash) as { id: string }
        ).id,
    );
    database.close();
    expect(answers.slice(0, 3).map((answer) => answer.id)).toEqual(firstIds);

    // Loading finishes on its own, between clicks, and memory then answers.
    const deadline = Date.now() + 60_000;
    while (!store.dedupeMemory()?.loaded && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(store.dedupeMemory()).toEqual({ loaded: true, entries: expect.any(Number) });
    expect(store.dedupeMemory()?.entries).toBeGreaterThanOrEqual(20_001);
    const again = await store.record(visitorClick(h, 12_345, 0));
    expect(again.created).toBe(false);
  });
});

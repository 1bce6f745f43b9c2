// SQLite's planner statistics are gathered when the server starts (store/sqlite-statistics.ts):
// a database filled while no server ran has sqlite_stat1 rows for its list indexes once one starts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createServices } from "../../../server/services";
import { createHarness } from "../../support/harness";

const dir = mkdtempSync(join(tmpdir(), "selgeo-stat-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("SQLite planner statistics", () => {
  it("are gathered at start-up for the list indexes", async () => {
    const databaseUrl = `file:${join(dir, "selgeo.db")}`;
    const h = await createHarness({ databaseUrl });
    await h.close();
    // Rows written behind the server's back, as a bulk import or a restore would.
    const raw = new SQLite(join(dir, "selgeo.db"));
    raw.exec("delete from sqlite_stat1");
    const insert = raw.prepare(
      "insert into clicks (id, merchant_id, mode, partner_id, program_id, ref, visitor_hash, created_at, expires_at) values (?, 'mer_a', 'test', ?, 'prg', 'r', 'v', ?, ?)",
    );
    raw.transaction(() => {
      for (let i = 0; i < 2000; i++) {
        const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
        insert.run(`clk_${i}`, `prt_${i % 7}`, at, at);
      }
    })();
    expect(raw.prepare("select count(*) as n from sqlite_stat1").get()).toEqual({ n: 0 });
    raw.close();

    const services = await createServices({
      databaseUrl,
      rateLimitPerMinute: 1000,
      logger: pino({ level: "silent" }),
    });
    try {
      const check = new SQLite(join(dir, "selgeo.db"), { readonly: true });
      const indexes = check
        // The rows of the `clicks` view are in click_rows (0016_storage_click_keys).
        .prepare("select idx from sqlite_stat1 where tbl = 'click_rows'")
        .all()
        .map((row) => (row as { idx: string }).idx);
      check.close();
      expect(indexes).toEqual(expect.arrayContaining(["clicks_list", "clicks_list_by_partner"]));
    } finally {
      await services.close();
    }
  });
});

// The SQLite click writer stores a click's merchant, partner and program as integer keys
// (click-store/sqlite-click-keys.ts, 0016_storage_click_keys). A key it made in a transaction
// that rolled back is not remembered: SQLite gives that number to the next id inserted, and a
// click stored with the remembered number would name someone else's partner.
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteClickWriter } from "../../../server/click-store/sqlite-writer";
import { clickWriterQueries } from "../../../server/click-store/sqlite-writer-queries";
import { sqlitePath } from "../../../server/store/connect";
import { createHarness, type Harness } from "../../support/harness";
import { clickRow } from "../../support/rows";

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

describe("the SQLite click writer's keys", () => {
  it("forgets the keys of a transaction that rolled back", async () => {
    const h: Harness = await createHarness();
    open.push(h);
    const path = sqlitePath(h.databaseUrl);
    const writer = openSqliteClickWriter(path, clickWriterQueries(h.services.store.db));
    open.push(writer);
    const raw = new SQLite(path);
    open.push(raw);
    raw.exec(
      "create trigger refuse before insert on click_rows when new.ref = 'refused' begin select raise(abort, 'refused'); end",
    );
    const click = {
      merchant_id: "mer_first",
      partner_id: "prt_first",
      program_id: "prg_first",
      visitor_hash: "0123456789abcdef0123456789abcdef",
    };

    const [refused] = writer.write([clickRow({ id: "clk_refused", ref: "refused", ...click })]);
    expect(refused && "error" in refused).toBe(true);
    // Other ids take the numbers the rolled-back transaction had made.
    const others = raw.prepare("insert into click_keys (id) values (?)");
    for (const id of ["mer_second", "prt_second", "prg_second"]) others.run(id);

    expect(writer.write([clickRow({ id: "clk_stored", ...click })])).toEqual([null]);
    const stored = raw
      .prepare("select merchant_id, partner_id, program_id from clicks where id = 'clk_stored'")
      .get();
    expect(stored).toEqual({
      merchant_id: "mer_first",
      partner_id: "prt_first",
      program_id: "prg_first",
    });
  });
});

// 0016_storage_click_keys on a database that has clicks: every row comes back through the
// `clicks` view as it was stored, in the rowid it had (the click writer follows the table by
// rowid), the view takes inserts afterwards, and `down` gives the plain table back.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../../server/store/connect";
import { migrateToLatest } from "../../../server/store/migrate";
import * as storageClickKeys from "../../../server/store/migrations/0016_storage_click_keys";
import type { NewClick } from "../../../server/store/schema";
import { clickRow } from "../../support/rows";

const CLICKS: NewClick[] = [
  clickRow({
    id: "clk_0VODGEKa6WLRBPcMMhkzviV2",
    merchant_id: "mer_0Vcee2Wt83buJZqvXB8CGCMw",
    mode: "live",
    partner_id: "prt_0Vcee2WwxvSxCU7y2XYnmVLL",
    program_id: "prg_0Vcee2WvbO7lfxZoKSwVOspl",
    ref: "demo",
    visitor_hash: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    url: "https://shop.example/products/265?ref=demo",
    referrer: "https://social.example/",
    created_at: "2026-07-02T11:07:31.751Z",
    expires_at: "2026-08-01T11:07:31.751Z",
  }),
  // Another merchant with the same ref; a partner and program that no longer exist.
  clickRow({
    id: "clk_0VODGEKb6WLRBPcMMhkzviV3",
    merchant_id: "mer_other",
    partner_id: "prt_gone",
    program_id: "prg_gone",
    ref: "demo",
  }),
  clickRow({
    id: "clk_0VODGEKc6WLRBPcMMhkzviV4",
    merchant_id: "mer_0Vcee2Wt83buJZqvXB8CGCMw",
    partner_id: "prt_0Vcee2WwxvSxCU7y2XYnmVLL",
    program_id: "prg_0Vcee2WvbO7lfxZoKSwVOspl",
    url: "https://shop.example/?ref=demo",
  }),
];

const stored = (store: Store) =>
  sql<NewClick>`select id, merchant_id, mode, partner_id, program_id, ref, visitor_hash, url,
    referrer, created_at, expires_at from clicks order by id`.execute(store.db);

describe("0016_storage_click_keys", () => {
  let dir: string | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every click, in its rowid, and the plain table comes back down", async () => {
    dir = mkdtempSync(join(tmpdir(), "selgeo-migrate-"));
    store = await openStore(`file:${join(dir, "selgeo.db")}`);
    await migrateToLatest(store);
    // As a database that had clicks before 0016.
    await storageClickKeys.down(store.db as never);
    await sql`delete from kysely_migration where name = '0016_storage_click_keys'`.execute(
      store.db,
    );
    for (const [i, click] of CLICKS.entries()) {
      await sql`insert into clicks (rowid, id, merchant_id, mode, partner_id, program_id, ref,
          visitor_hash, url, referrer, created_at, expires_at)
        values (${10 + i * 5}, ${click.id}, ${click.merchant_id}, ${click.mode},
          ${click.partner_id}, ${click.program_id}, ${click.ref}, ${click.visitor_hash},
          ${click.url}, ${click.referrer}, ${click.created_at}, ${click.expires_at})`.execute(
        store.db,
      );
    }

    expect(await migrateToLatest(store)).toEqual(["0016_storage_click_keys"]);

    expect((await stored(store)).rows).toEqual(CLICKS);
    const rowids = await sql<{ id: string; rowid: number; merchant_key: number }>`
      select id, rowid, merchant_key from click_rows order by rowid`.execute(store.db);
    expect(rowids.rows.map((row) => [row.id, row.rowid])).toEqual(
      CLICKS.map((click, i) => [click.id, 10 + i * 5]),
    );
    // One key per id (and per mode: live, test), however many clicks name it.
    const keys = await sql<{ n: number }>`select count(*) as n from click_keys`.execute(store.db);
    expect(keys.rows[0]?.n).toBe(8);

    const later = clickRow({ id: "clk_later", merchant_id: "mer_new", url: "https://x.example/" });
    await store.db.insertInto("clicks").values(later).execute();
    expect((await stored(store)).rows).toEqual(
      [...CLICKS, later].sort((a, b) => a.id.localeCompare(b.id)),
    );

    await storageClickKeys.down(store.db as never);
    const table = await sql<{ type: string }>`
      select type from sqlite_schema where name = 'clicks'`.execute(store.db);
    expect(table.rows).toEqual([{ type: "table" }]);
    expect((await stored(store)).rows).toEqual(
      [...CLICKS, later].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });
});

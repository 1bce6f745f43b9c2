// `npm run bench:storage`: where a click's bytes go on embedded SQLite, without starting a
// server. Builds the size series' bulk database (size-series.ts, bulk-data.ts) with
// BENCH_STORAGE_CLICKS clicks (100,000) and prints, per click, each page structure of the
// clicks table (pages and the payload inside them, from `dbstat`) and what each column of a
// row holds on average — the numbers docs/performance.md's "Storage per click" is read from —
// then the compact layouts of click-storage-layouts.ts, copied from the same rows.
import { rmSync } from "node:fs";
import SQLite from "better-sqlite3";
import { LAYOUTS, measureLayout } from "./click-storage-layouts";
import { table } from "./load";
import { prepare } from "./size-series";

const CLICKS = Number(process.env.BENCH_STORAGE_CLICKS ?? 100_000);

async function main() {
  const prepared = await prepare(CLICKS);
  const db = new SQLite(prepared.path, { readonly: true });
  try {
    const structures = db
      .prepare(
        "select name, sum(pgsize) as bytes, sum(payload) as payload from dbstat where name in (select name from sqlite_master where type in ('table', 'index') and tbl_name in ('clicks', 'click_rows', 'click_keys')) group by name order by name",
      )
      .all() as Array<{ name: string; bytes: number; payload: number }>;
    const perClick = (bytes: number) => (bytes / CLICKS).toFixed(1);
    const total = structures.reduce((sum, row) => sum + row.bytes, 0);
    console.log(`\n${CLICKS.toLocaleString("en")} clicks: ${perClick(total)} B per click\n`);
    console.log(
      table(
        ["structure", "pages per click (B)", "payload per click (B)"],
        structures.map((row) => [row.name, perClick(row.bytes), perClick(row.payload)]),
      ),
    );
    // A column's value as stored: its bytes (text as UTF-8, an integer as its value's size
    // would be 1 to 8) and, from 1 byte up, its type in the record header; NULL costs the header
    // byte alone. The rows are in click_rows since 0016_storage_click_keys.
    const rowTable = db
      .prepare(
        "select name from sqlite_master where type = 'table' and name in ('click_rows', 'clicks') order by name limit 1",
      )
      .pluck()
      .get() as string;
    const columns = db
      .prepare(`select name from pragma_table_info('${rowTable}')`)
      .pluck()
      .all() as string[];
    const sizes = db
      .prepare(
        `select ${columns.map((column) => `avg(coalesce(length(cast("${column}" as blob)), 0)) as "${column}"`).join(", ")} from ${rowTable}`,
      )
      .get() as Record<string, number>;
    console.log(
      `\n${table(
        [`column of a ${rowTable} row`, "value per click (B)"],
        columns.map((column) => [column, (sizes[column] ?? 0).toFixed(1)]),
      )}`,
    );
    console.log(
      `\n${table(
        ["layout (dictionaries included)", "per click (B)", "tables and indexes (B per click)"],
        LAYOUTS.map((layout) => {
          const parts = measureLayout(prepared.path, `${prepared.dir}/layout.db`, layout, CLICKS);
          return [
            layout.name,
            parts.reduce((sum, part) => sum + part.perClick, 0).toFixed(1),
            parts.map((part) => `${part.name} ${part.perClick.toFixed(1)}`).join(", "),
          ];
        }),
      )}`,
    );
  } finally {
    db.close();
    rmSync(prepared.dir, { recursive: true, force: true });
  }
}

await main();

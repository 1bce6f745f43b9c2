// The data-size series of `npm run bench`: for each size, a fresh SQLite file filled in bulk with
// data shaped like real use (bulk-data.ts: six merchants of unequal size, 25 partners each,
// clicks over 180 days, about 5 % converting), then a `selgeo serve` process started on it and
// measured through the HTTP API: start-up time and RSS, conversion latency, click throughput,
// every list and audit-log query's latency, and storage per click. The last column is the
// growth from the smallest size to the largest: flat is 1.0.
// Sizes: BENCH_SIZES (comma-separated clicks), default 10,000 and 1,000,000; BENCH_10M=1 adds
// 10,000,000 (tens of minutes of generation, and gigabytes of disk).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { writeBulkData } from "./bulk-data";
import { createBulkMerchants } from "./bulk-merchants";
import { load, rssMb, type Started, start, stop, table, visitor } from "./load";

const SAMPLES = Number(process.env.BENCH_SIZE_SAMPLES ?? 15);

export function seriesSizes(): number[] {
  const sizes = (process.env.BENCH_SIZES ?? "10000,1000000")
    .split(",")
    .map((size) => Number(size.trim()))
    .filter((size) => size > 0);
  if (process.env.BENCH_10M === "1" && !sizes.includes(10_000_000)) sizes.push(10_000_000);
  return sizes.sort((a, b) => a - b);
}

interface Prepared {
  dir: string;
  path: string;
  merchant: {
    id: string;
    skLive: string;
    pkLive: string;
    smallPartner: string;
    bigPartner: string;
  };
  generatedS: number;
}

export async function prepare(clicks: number): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), "selgeo-bench-size-"));
  const path = join(dir, "selgeo.db");
  const merchants = await createBulkMerchants(`file:${path}`);
  // The biggest merchant is the one measured: its lists are the longest.
  const biggest = merchants[0];
  if (!biggest) throw new Error("no merchant");
  const measured: Prepared["merchant"] = {
    id: biggest.id,
    skLive: biggest.created.keys.sk_live,
    pkLive: biggest.created.keys.pk_live,
    bigPartner: biggest.partners[0]?.id ?? "",
    smallPartner: biggest.partners[20]?.id ?? "",
  };
  const started = performance.now();
  writeBulkData(path, { clicks, merchants });
  return { dir, path, merchant: measured, generatedS: (performance.now() - started) / 1000 };
}

/** Bytes per click: the whole file, and the clicks table and each of its indexes. */
function storage(path: string, clicks: number): Map<string, number> {
  const bytes = new Map<string, number>();
  bytes.set("database file per click (B)", statSync(path).size / clicks);
  const db = new SQLite(path, { readonly: true });
  try {
    const rows = db
      .prepare(
        "select name, sum(pgsize) as bytes from dbstat where name in (select name from sqlite_master where type in ('table', 'index') and tbl_name in ('clicks', 'click_rows', 'click_keys')) group by name order by name",
      )
      .all() as Array<{ name: string; bytes: number }>;
    const total = rows.reduce((sum, row) => sum + row.bytes, 0);
    bytes.set("clicks table + its indexes per click (B)", total / clicks);
    for (const row of rows) bytes.set(`  ${row.name} per click (B)`, row.bytes / clicks);
  } catch {
    // dbstat is not compiled into every SQLite.
  } finally {
    db.close();
  }
  return bytes;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

async function timed(url: string, init: RequestInit): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, init);
  await res.text();
  if (res.status >= 300) throw new Error(`${url}: ${res.status}`);
  return performance.now() - started;
}

interface SizeResult {
  clicks: number;
  metrics: Map<string, number>;
}

async function measure(clicks: number): Promise<SizeResult> {
  const prepared = await prepare(clicks);
  const metrics = new Map<string, number>();
  metrics.set("generated in (s)", prepared.generatedS);
  for (const [name, value] of storage(prepared.path, clicks)) metrics.set(name, value);

  const startedAt = performance.now();
  const server: Started = await start(["server/bin/selgeo.js", "serve"], {
    DATABASE_URL: `file:${prepared.path}`,
    PORT: "0",
    LOG_LEVEL: "warn",
    TRUST_PROXY: "true",
    RATE_LIMIT_PER_MINUTE: "100000000",
  });
  metrics.set("start-up (ms)", performance.now() - startedAt);
  metrics.set("RSS after start (MB)", rssMb(server.child.pid));
  try {
    const auth = { Authorization: `Bearer ${prepared.merchant.skLive}` };
    const get = (path: string) => timed(`${server.url}${path}`, { headers: auth });
    const firstIds = async (path: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: auth });
      return ((await res.json()) as { data: Array<Record<string, string>> }).data;
    };
    // A cursor deep in the history: a page of clicks from five months ago.
    const fiveMonthsAgo = new Date(Date.now() - 150 * 86_400_000).toISOString();
    const deep = (await firstIds(`/api/v1/clicks?limit=100&created[lt]=${fiveMonthsAgo}`)).at(-1);
    const someConversion = (await firstIds("/api/v1/conversions?limit=1"))[0] ?? {};
    const someAudit = (await firstIds("/api/v1/audit-log?limit=1"))[0] ?? {};
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const lists: Array<[string, string]> = [
      ["GET /clicks", "/api/v1/clicks"],
      [
        "GET /clicks?partner_id= (big)",
        `/api/v1/clicks?partner_id=${prepared.merchant.bigPartner}`,
      ],
      [
        "GET /clicks?partner_id= (small)",
        `/api/v1/clicks?partner_id=${prepared.merchant.smallPartner}`,
      ],
      ["GET /clicks?ref=", "/api/v1/clicks?ref=demo"],
      ["GET /clicks?starting_after= (deep)", `/api/v1/clicks?starting_after=${deep?.id ?? ""}`],
      [
        "GET /clicks?created[gte]&[lt]",
        `/api/v1/clicks?created[gte]=${monthAgo}&created[lt]=${weekAgo}`,
      ],
      ["GET /conversions", "/api/v1/conversions?limit=100"],
      ["GET /conversions?click_id=", `/api/v1/conversions?click_id=${someConversion.click_id}`],
      [
        "GET /conversions?partner_id=",
        `/api/v1/conversions?partner_id=${prepared.merchant.smallPartner}`,
      ],
      ["GET /conversions?status=unattributed", "/api/v1/conversions?status=unattributed"],
      ["GET /commissions", "/api/v1/commissions?limit=100"],
      [
        "GET /commissions?partner_id=",
        `/api/v1/commissions?partner_id=${prepared.merchant.smallPartner}`,
      ],
      ["GET /audit-log", "/api/v1/audit-log"],
      ["GET /audit-log?click_id=", `/api/v1/audit-log?click_id=${someAudit.click_id}`],
      [
        "GET /audit-log?conversion_id=",
        `/api/v1/audit-log?conversion_id=${someAudit.conversion_id}`,
      ],
      ["GET /audit-log?request_id=", `/api/v1/audit-log?request_id=${someAudit.request_id}`],
      [
        "GET /audit-log?external_transaction_id=",
        `/api/v1/audit-log?external_transaction_id=${someAudit.external_transaction_id}`,
      ],
    ];
    // Round-robin over the lists, so a burst of load on the machine spreads over all of them.
    const samples = lists.map((): number[] => []);
    for (let i = 0; i < SAMPLES; i++) {
      for (const [index, [, path]] of lists.entries()) samples[index]?.push(await get(path));
    }
    for (const [index, [name]] of lists.entries()) {
      metrics.set(`${name} p50 (ms)`, median(samples[index] ?? []));
    }

    // Conversions, one at a time: the latency a merchant's server sees.
    const clickIds = (await firstIds("/api/v1/clicks?limit=100")).map((click) => click.id);
    const run = Date.now();
    const conversionTimes: number[] = [];
    for (let i = 0; i < SAMPLES * 2; i++) {
      conversionTimes.push(
        await timed(`${server.url}/api/v1/conversions`, {
          method: "POST",
          headers: { ...auth, "Content-Type": "application/json" },
          body: JSON.stringify({
            click_id: clickIds[i % clickIds.length],
            event_type: "purchase",
            external_transaction_id: `size_${run}_${i}`,
            amount_cents: 4900,
            currency: "EUR",
          }),
        }),
      );
    }
    metrics.set("POST /conversions p50 (ms)", median(conversionTimes));

    const clickBody = () =>
      JSON.stringify({
        key: prepared.merchant.pkLive,
        ref: "demo",
        url: "https://shop.example/?ref=demo",
      });
    const clicksLoad = await load(
      server.url,
      "/api/v1/clicks",
      { "Content-Type": "text/plain" },
      clickBody,
      visitor,
    );
    metrics.set("POST /clicks req/s", clicksLoad.rps);
    metrics.set("RSS after load (MB)", rssMb(server.child.pid));
  } finally {
    await stop(server);
    rmSync(prepared.dir, { recursive: true, force: true });
  }
  return { clicks, metrics };
}

/** Runs the series and returns its table. */
export async function sizeSeries(sizes: number[]): Promise<string> {
  const results: SizeResult[] = [];
  for (const size of sizes) {
    process.stdout.write(`size series: ${size.toLocaleString()} clicks …\n`);
    results.push(await measure(size));
  }
  const first = results[0];
  const last = results[results.length - 1];
  if (!first || !last) return "";
  const names = [...first.metrics.keys()];
  const fmt = (value: number | undefined) =>
    value === undefined || Number.isNaN(value)
      ? "–"
      : value >= 100
        ? value.toFixed(0)
        : value.toFixed(1);
  const rows = names.map((name) => {
    const growth = (last.metrics.get(name) ?? Number.NaN) / (first.metrics.get(name) ?? Number.NaN);
    return [
      name,
      ...results.map((result) => fmt(result.metrics.get(name))),
      Number.isFinite(growth) ? `${growth.toFixed(2)}×` : "–",
    ];
  });
  return table(
    [
      "SQLite, biggest merchant (40 % of clicks)",
      ...results.map((result) => `${result.clicks.toLocaleString("en")} clicks`),
      "growth",
    ],
    rows,
  );
}

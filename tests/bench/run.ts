// `npm run bench`: throughput and latency of the two hot endpoints on embedded SQLite and on
// PostgreSQL (+ Redis), each beside a bare Hono handler measured in the same run; then the
// webhook rows (webhooks.ts): clicks and conversions with an active webhook endpoint against
// without one; then the data-size series (size-series.ts): the API's latencies, throughput, start-up and memory at
// 10 k and 1 M clicks (10 M with BENCH_10M=1) and their growth; and the snippet's size.
// Servers run as child processes; the load generator (autocannon) runs here.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import SQLite from "better-sqlite3";
import { GZIP_BUDGET_BYTES, LAZY_GZIP_BUDGET_BYTES } from "../../snippet/build";
import {
  CONNECTIONS,
  DURATION,
  load,
  ROOT,
  ROUNDS,
  type Rounds,
  rounds,
  start,
  stop,
  table,
  visitor,
} from "./load";
import { postgresRounds } from "./postgres-rows";
import { seriesSizes, sizeSeries } from "./size-series";
import { WEBHOOK_MAX_LOSS, webhookRounds } from "./webhooks";

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "selgeo-bench-"));
  const dbPath = join(dir, "bench.db");
  const rows: string[][] = [];
  try {
    const bare = await start(["--import", "tsx", "tests/bench/bare-server.ts"]);
    const selgeo = await start(["server/bin/selgeo.js", "serve", "--demo"], {
      DATABASE_URL: `file:${dbPath}`,
      PORT: "0",
      LOG_LEVEL: "warn",
      TRUST_PROXY: "true",
      RATE_LIMIT_PER_MINUTE: "100000000",
      RATE_LIMIT_PER_VISITOR: "100000000",
    });
    const demo = JSON.parse(readFileSync(join(dir, "demo-keys.json"), "utf8"));
    const clickBody = () =>
      JSON.stringify({
        key: demo.keys.pk_test,
        ref: "demo",
        url: "https://shop.example/?ref=demo",
      });

    const clickHeaders = { "Content-Type": "text/plain" };
    // Warm-up of both servers and of the load generator itself (JIT, SQLite caches), not
    // measured: whichever went first would otherwise pay for it.
    await load(bare.url, "/api/v1/clicks", clickHeaders, clickBody, visitor, 2);
    const warmClicks = await load(
      selgeo.url,
      "/api/v1/clicks",
      clickHeaders,
      clickBody,
      visitor,
      2,
    );

    // Alternating rounds: this machine's speed drifts over a run, and a drift must not land on
    // one side only.
    const clickRounds = await rounds(
      () => load(bare.url, "/api/v1/clicks", clickHeaders, clickBody, visitor),
      () => load(selgeo.url, "/api/v1/clicks", clickHeaders, clickBody, visitor),
    );
    const acknowledged = warmClicks.ok + clickRounds.measured.reduce((sum, m) => sum + m.ok, 0);

    const db = new SQLite(dbPath, { readonly: true });
    const stored = db.prepare("select count(*) from clicks").pluck().get() as number;
    const clickIds = db.prepare("select id from clicks limit 1000").pluck().all() as string[];
    db.close();

    const run = Date.now();
    const conversionBody = (i: number) =>
      JSON.stringify({
        click_id: clickIds[i % clickIds.length],
        event_type: "purchase",
        external_transaction_id: `bench_${run}_${i}`,
        amount_cents: 4900,
        currency: "EUR",
      });
    const auth = {
      "Content-Type": "application/json",
      Authorization: `Bearer ${demo.keys.sk_test}`,
    };
    await load(selgeo.url, "/api/v1/conversions", auth, conversionBody, undefined, 2);
    const conversionRounds = await rounds(
      () => load(bare.url, "/api/v1/conversions", auth, conversionBody),
      () => load(selgeo.url, "/api/v1/conversions", auth, conversionBody),
    );

    await stop(selgeo);
    const postgres = await postgresRounds(bare);
    await stop(bare);
    const hooks = await webhookRounds();

    const fmt = (n: number) => n.toFixed(0);
    const pct = (ratio: number) => `${(ratio * 100).toFixed(0)} %`;
    const row = (name: string, r: Rounds) => [
      name,
      fmt(r.median.measured.rps),
      `${r.median.measured.p50} / ${r.median.measured.p99}`,
      fmt(r.median.bare.rps),
      `${r.median.bare.p50} / ${r.median.bare.p99}`,
      pct(r.median.ratio),
      r.ratios.map(pct).join(", "),
      String(r.measured.reduce((sum, m) => sum + m.errors, 0)),
    ];
    rows.push(row("SQLite: POST /api/v1/clicks", clickRounds));
    rows.push(row("SQLite: POST /api/v1/conversions", conversionRounds));
    if (typeof postgres !== "string") {
      rows.push(row("PostgreSQL + Redis: POST /api/v1/clicks", postgres.clicks));
      rows.push(row("PostgreSQL + Redis: POST /api/v1/conversions", postgres.conversions));
    }

    const header = [
      "endpoint",
      "req/s",
      "p50 / p99 ms",
      "bare req/s",
      "bare p50 / p99 ms",
      "ratio (median)",
      "every round",
      "non-2xx",
    ];
    console.log(
      `\n${ROUNDS} alternating rounds of ${DURATION} s per server, ${CONNECTIONS} connections, a new visitor per click request; the round with the median ratio is shown\n`,
    );
    console.log(table(header, rows));
    if (typeof postgres === "string") console.log(`\n${postgres}`);

    console.log(
      `\nWebhooks (SQLite): one server with an endpoint subscribed to every event (a local receiver answering 200), in alternating rounds with the endpoint active and disabled; ratio = with / without (${hooks.delivered} deliveries answered)\n`,
    );
    const hookRow = (name: string, r: Rounds) => [
      name,
      fmt(r.median.bare.rps),
      fmt(r.median.measured.rps),
      pct(r.median.ratio),
      r.ratios.map(pct).join(", "),
      r.median.ratio < 1 - WEBHOOK_MAX_LOSS ? "yes" : "no",
    ];
    console.log(
      table(
        [
          "endpoint",
          "req/s without",
          "req/s with webhooks",
          "ratio (median)",
          "every round",
          `lowered by > ${WEBHOOK_MAX_LOSS * 100} %`,
        ],
        [
          hookRow("POST /api/v1/clicks", hooks.clicks),
          hookRow("POST /api/v1/conversions", hooks.conversions),
        ],
      ),
    );
    const lowered = [hooks.clicks, hooks.conversions].some(
      (r) => r.median.ratio < 1 - WEBHOOK_MAX_LOSS,
    );
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
    const cpu = hooks.cpuPerConversion;
    console.log(
      `server CPU per conversion (median of rounds): ${median(cpu.without).toFixed(2)} ms without webhooks; with them ${median(cpu.during).toFixed(2)} ms during the round and ${median(cpu.after).toFixed(2)} ms once its deliveries are all sent`,
    );
    console.log(
      `deliveries caught up after each round of conversions in: ${hooks.catchUpMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ")} (they yield while requests queue)`,
    );
    console.log(
      `target webhooks lower neither clicks nor conversions by more than ${WEBHOOK_MAX_LOSS * 100} %: ${lowered ? "NOT met" : "met"}`,
    );

    const durable = stored >= acknowledged;
    console.log(
      `\nclicks acknowledged (2xx): ${acknowledged}; clicks stored: ${stored}; ${durable ? "every acknowledged click is stored" : "MISMATCH"}`,
    );
    const target = clickRounds.median.ratio >= 0.5;
    console.log(`target clicks ≥ 50 % of the bare handler: ${target ? "met" : "NOT met"}`);

    const targets: Array<[string, Rounds | undefined, number]> = [
      ["SQLite conversions ≥ 25 %", conversionRounds, 0.25],
      [
        "PostgreSQL clicks ≥ 25 %",
        typeof postgres === "string" ? undefined : postgres.clicks,
        0.25,
      ],
    ];
    for (const [name, measured, goal] of targets) {
      if (measured)
        console.log(
          `target ${name} of the bare handler: ${measured.median.ratio >= goal ? "met" : "NOT met"}`,
        );
    }

    if (process.env.BENCH_SIZES !== "0") {
      console.log(
        `\nData-size series (one ${DURATION} s click load per size, ${process.env.BENCH_SIZE_SAMPLES ?? 15} samples per latency)\n`,
      );
      console.log(await sizeSeries(seriesSizes()));
    }

    const snippet = readFileSync(join(ROOT, "snippet/dist/selgeo.js"));
    const lazy = readFileSync(join(ROOT, "snippet/dist/selgeo-lazy.js"));
    console.log(
      `\nselgeo.js: ${snippet.length} bytes, ${gzipSync(snippet, { level: 9 }).length} bytes gzipped (budget ${GZIP_BUDGET_BYTES})`,
    );
    console.log(
      `selgeo-lazy.js (loaded only when a page needs it): ${lazy.length} bytes, ${gzipSync(lazy, { level: 9 }).length} bytes gzipped (budget ${LAZY_GZIP_BUDGET_BYTES})`,
    );
    if (!durable) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

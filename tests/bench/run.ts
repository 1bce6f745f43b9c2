// `npm run bench`: throughput and latency of the two hot endpoints on embedded SQLite, each
// beside a bare Hono handler measured in the same run, plus the snippet's size.
// Servers run as child processes; the load generator (autocannon) runs here.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import SQLite from "better-sqlite3";
import { GZIP_BUDGET_BYTES } from "../../snippet/build";

const ROOT = resolve(import.meta.dirname, "../..");
/** Seconds per measurement; each endpoint is measured ROUNDS times on each server, alternating. */
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

interface Started {
  child: ChildProcess;
  url: string;
}

async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const url = await new Promise<string>((ok, fail) => {
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) ok(match[1]);
    });
    child.once("exit", (code) => fail(new Error(`server exited (${code}): ${out}`)));
  });
  return { child, url };
}

function stop(started: Started): Promise<void> {
  return new Promise((done) => {
    started.child.once("exit", () => done());
    started.child.kill("SIGTERM");
  });
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
}

/** Numbers every request of the run, so each click request is a new visitor in every round. */
let sequence = 0;

async function load(
  url: string,
  path: string,
  headers: Record<string, string>,
  body: (i: number) => string,
  extra: (i: number) => Record<string, string> = () => ({}),
  seconds = DURATION,
): Promise<Measured> {
  const result = await autocannon({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const i = sequence++;
          return {
            ...request,
            method: "POST",
            body: body(i),
            headers: { ...headers, ...extra(i) },
          };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

interface Rounds {
  /** Selgeo's measurements, one per round. */
  measured: Measured[];
  /** The round whose ratio is the median, and the spread of the ratios. */
  median: { measured: Measured; bare: Measured; ratio: number };
  ratios: number[];
}

/** ROUNDS times: the bare handler, then Selgeo, each ratio taken within its own round. */
async function rounds(
  bare: () => Promise<Measured>,
  selgeo: () => Promise<Measured>,
): Promise<Rounds> {
  const pairs: Array<{ measured: Measured; bare: Measured; ratio: number }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const base = await bare();
    const measured = await selgeo();
    pairs.push({ measured, bare: base, ratio: measured.rps / base.rps });
  }
  const sorted = [...pairs].sort((a, b) => a.ratio - b.ratio);
  return {
    measured: pairs.map((pair) => pair.measured),
    median: sorted[Math.floor(sorted.length / 2)] as Rounds["median"],
    ratios: sorted.map((pair) => pair.ratio),
  };
}

function visitor(i: number) {
  return {
    "X-Forwarded-For": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
  };
}

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
    await stop(bare);

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
    rows.push(row("POST /api/v1/clicks", clickRounds));
    rows.push(row("POST /api/v1/conversions", conversionRounds));

    const header = [
      "endpoint (SQLite)",
      "req/s",
      "p50 / p99 ms",
      "bare req/s",
      "bare p50 / p99 ms",
      "ratio (median)",
      "every round",
      "non-2xx",
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const line = (cells: string[]) =>
      `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
    console.log(
      `\n${ROUNDS} alternating rounds of ${DURATION} s per server, ${CONNECTIONS} connections, a new visitor per click request; the round with the median ratio is shown\n`,
    );
    console.log(line(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const r of rows) console.log(line(r));

    const durable = stored >= acknowledged;
    console.log(
      `\nclicks acknowledged (2xx): ${acknowledged}; clicks stored: ${stored}; ${durable ? "every acknowledged click is stored" : "MISMATCH"}`,
    );
    const target = clickRounds.median.ratio >= 0.5;
    console.log(`target clicks ≥ 50 % of the bare handler: ${target ? "met" : "NOT met"}`);

    const snippet = readFileSync(join(ROOT, "snippet/dist/selgeo.js"));
    console.log(
      `\nselgeo.js: ${snippet.length} bytes, ${gzipSync(snippet, { level: 9 }).length} bytes gzipped (budget ${GZIP_BUDGET_BYTES})`,
    );
    if (!durable) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

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
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
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

async function load(
  url: string,
  path: string,
  headers: Record<string, string>,
  body: (i: number) => string,
  extra: (i: number) => Record<string, string> = () => ({}),
): Promise<Measured> {
  let counter = 0;
  const result = await autocannon({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const i = counter++;
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
    const selgeo = await start(["server/bin/selgeo.js", "serve"], {
      DATABASE_URL: `file:${dbPath}`,
      PORT: "0",
      LOG_LEVEL: "warn",
      TRUST_PROXY: "true",
      RATE_LIMIT_PER_MINUTE: "100000000",
    });
    const demo = JSON.parse(readFileSync(join(dir, "demo-keys.json"), "utf8"));
    const clickBody = () =>
      JSON.stringify({
        key: demo.keys.pk_test,
        ref: "demo",
        url: "https://shop.example/?ref=demo",
      });

    // Warm-up: JIT and SQLite caches, not measured.
    await autocannon({ url: `${selgeo.url}/healthz`, duration: 2, connections: 10 });

    const bareClicks = await load(
      bare.url,
      "/api/v1/clicks",
      { "Content-Type": "text/plain" },
      clickBody,
      visitor,
    );
    const clicks = await load(
      selgeo.url,
      "/api/v1/clicks",
      { "Content-Type": "text/plain" },
      clickBody,
      visitor,
    );

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
    const bareConversions = await load(bare.url, "/api/v1/conversions", auth, conversionBody);
    const conversions = await load(selgeo.url, "/api/v1/conversions", auth, conversionBody);

    await stop(selgeo);
    await stop(bare);

    const fmt = (n: number) => n.toFixed(0);
    const row = (name: string, m: Measured, base: Measured) => [
      name,
      fmt(m.rps),
      `${m.p50} / ${m.p99}`,
      fmt(base.rps),
      `${base.p50} / ${base.p99}`,
      `${((m.rps / base.rps) * 100).toFixed(0)} %`,
      String(m.errors),
    ];
    rows.push(row("POST /api/v1/clicks", clicks, bareClicks));
    rows.push(row("POST /api/v1/conversions", conversions, bareConversions));

    const header = [
      "endpoint (SQLite)",
      "req/s",
      "p50 / p99 ms",
      "bare req/s",
      "bare p50 / p99 ms",
      "ratio",
      "non-2xx",
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const line = (cells: string[]) =>
      `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
    console.log(
      `\n${DURATION} s per run, ${CONNECTIONS} connections, a new visitor per click request\n`,
    );
    console.log(line(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const r of rows) console.log(line(r));

    const durable = stored >= clicks.ok;
    console.log(
      `\nclicks acknowledged (2xx): ${clicks.ok}; clicks stored: ${stored}; ${durable ? "every acknowledged click is stored" : "MISMATCH"}`,
    );
    const target = clicks.rps / bareClicks.rps >= 0.5;
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

// `npm run bench:dashboard`: the dashboard's server time with a million clicks in the database.
// A month of six merchants' data (tests/bench/bulk-data.ts) is written to a fresh SQLite file;
// then every request the Overview and each list make is sent through the real app, signed in
// with a dashboard session as the browser is, and timed from request to answer. Target: each
// under 200 ms. `GET /healthz` in the same run is the baseline each time is also given against.
// BENCH_DASHBOARD_CLICKS changes the size (default 1,000,000), BENCH_DASHBOARD_RUNS the samples.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createApp } from "../../server/app";
import { systemClock } from "../../server/lib/clock";
import { createServices } from "../../server/services";
import * as statsMigration from "../../server/store/migrations/0005_dashboard_stats";
import { createUser } from "../../server/users/repository";
import { writeBulkData } from "./bulk-data";
import { createBulkMerchants } from "./bulk-merchants";

const CLICKS = Number(process.env.BENCH_DASHBOARD_CLICKS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 15);
const TARGET_MS = 200;

const dir = mkdtempSync(join(tmpdir(), "selgeo-bench-dashboard-"));
const databaseUrl = `file:${join(dir, "selgeo.db")}`;
const quiet = pino({ level: "silent" });

async function prepare() {
  const merchants = await createBulkMerchants(databaseUrl);
  const started = performance.now();
  const { conversions } = writeBulkData(databaseUrl.slice("file:".length), {
    clicks: CLICKS,
    merchants,
  });
  process.stdout.write(
    `Generated ${CLICKS.toLocaleString()} clicks, ${conversions.toLocaleString()} conversions over 180 days for ${merchants.length} merchants in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return merchants;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

async function main() {
  const merchants = await prepare();
  const services = await createServices({ databaseUrl, rateLimitPerMinute: 1000, logger: quiet });
  const backfill = performance.now();
  await statsMigration.down(services.store.db as never);
  await statsMigration.up(services.store.db as never);
  process.stdout.write(
    `Daily aggregates backfilled by the migration in ${((performance.now() - backfill) / 1000).toFixed(1)} s\n\n`,
  );
  const app = createApp(services);
  // The biggest merchant, where lists are slowest.
  const merchant = merchants[0]!;
  const user = await createUser(services.store.db, systemClock, {
    merchantId: merchant.id,
    email: "bench@example.com",
    password: "bench password 123",
  });
  if (user.kind !== "created") throw new Error(user.kind);
  const signIn = await app.request("/api/v1/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "bench@example.com", password: "bench password 123" }),
  });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const headers = { Cookie: cookie, "Selgeo-Mode": "live" };
  const get = async (path: string) => {
    const started = performance.now();
    const res = await app.request(path, { headers });
    const body = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body}`);
    return { ms, body };
  };
  const firstId = async (path: string) =>
    (JSON.parse((await get(path)).body).data[0]?.id as string) ?? "";
  const smallPartner = merchant.partners[20]!.id;
  const bigPartner = merchant.partners[0]!.id;
  const page2Clicks = JSON.parse((await get("/api/v1/clicks?limit=25")).body).data.at(-1).id;
  const someClick = await firstId("/api/v1/clicks?limit=1&created[lt]=2026-01-01");
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const thirty = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const ninety = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
  const requests: Array<[string, string]> = [
    ["baseline: GET /healthz", "/healthz"],
    ["Overview: stats, last 30 days", `/api/v1/stats?from=${thirty}`],
    ["Overview: stats, last 90 days", `/api/v1/stats?from=${ninety}`],
    ["Overview: stats, one partner", `/api/v1/stats?from=${thirty}&partner_id=${bigPartner}`],
    ["Overview: partners (names)", "/api/v1/partners?limit=100"],
    ["Clicks: newest page", "/api/v1/clicks?limit=25"],
    ["Clicks: second page", `/api/v1/clicks?limit=25&starting_after=${page2Clicks}`],
    ["Clicks: big partner", `/api/v1/clicks?limit=25&partner_id=${bigPartner}`],
    ["Clicks: small partner", `/api/v1/clicks?limit=25&partner_id=${smallPartner}`],
    ["Clicks: since a week ago", `/api/v1/clicks?limit=25&created[gte]=${weekAgo}`],
    ["Conversions: newest page", "/api/v1/conversions?limit=25"],
    [
      "Conversions: PARTNER_NOT_APPROVED",
      "/api/v1/conversions?limit=25&reason=PARTNER_NOT_APPROVED",
    ],
    [
      "Conversions: CLICK_ID_MISSING (none)",
      "/api/v1/conversions?limit=25&reason=CLICK_ID_MISSING",
    ],
    ["Commissions: newest page", "/api/v1/commissions?limit=25"],
    ["Commissions: reversed", "/api/v1/commissions?limit=25&status=reversed"],
    ["Partners: list", "/api/v1/partners?limit=50"],
    ["Audit log: newest page", "/api/v1/audit-log?limit=20"],
    ["Audit log: by click id", `/api/v1/audit-log?limit=100&click_id=${someClick}`],
    ["API keys", "/api/v1/keys?limit=100"],
    ["Stripe deliveries", "/api/v1/integrations/stripe/deliveries"],
    ["Integration health, last 7 days", "/api/v1/integration/health"],
    ["Integration health, last 90 days", `/api/v1/integration/health?created[gte]=${ninety}`],
  ];
  const rows: Array<{ name: string; p50: number; p95: number; max: number }> = [];
  for (const [name, path] of requests) {
    await get(path); // warm: the page cache and the prepared statement
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push((await get(path)).ms);
    times.sort((a, b) => a - b);
    rows.push({
      name,
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      max: times.at(-1) as number,
    });
  }
  const baseline = rows[0]!.p50;
  process.stdout.write(
    `Server time per request, ${CLICKS.toLocaleString()} clicks, the biggest merchant (${merchants[0]?.share} % of them), ${RUNS} runs each\n\n`,
  );
  process.stdout.write(
    "| request | p50 ms | p95 ms | max ms | p50 / baseline | under 200 ms |\n| --- | --- | --- | --- | --- | --- |\n",
  );
  let failed = 0;
  for (const row of rows) {
    const ok = row.p95 < TARGET_MS;
    if (!ok) failed++;
    process.stdout.write(
      `| ${row.name} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.max.toFixed(1)} | ${(row.p50 / baseline).toFixed(0)}× | ${ok ? "yes" : "NO"} |\n`,
    );
  }
  process.stdout.write(
    `\n${failed === 0 ? "Every request's p95 is under 200 ms." : `${failed} request(s) over 200 ms at p95.`}\n`,
  );
  await services.close();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();

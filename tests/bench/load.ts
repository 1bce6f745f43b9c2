// What the benchmarks share: starting a server process and stopping it, loading an endpoint
// with autocannon, alternating rounds against the bare handler, a new visitor per request.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import autocannon from "autocannon";

export const ROOT = resolve(import.meta.dirname, "../..");
/** Seconds per measurement; each endpoint is measured ROUNDS times on each server, alternating. */
export const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

export interface Started {
  child: ChildProcess;
  url: string;
}

export async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
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

export function stop(started: Started): Promise<void> {
  return new Promise((done) => {
    started.child.once("exit", () => done());
    started.child.kill("SIGTERM");
  });
}

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
}

/** Numbers every request of the run, so each click request is a new visitor in every round. */
let sequence = 0;

export async function load(
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

export interface Rounds {
  /** Selgeo's measurements, one per round. */
  measured: Measured[];
  /** The round whose ratio is the median, and the spread of the ratios. */
  median: { measured: Measured; bare: Measured; ratio: number };
  ratios: number[];
}

/** ROUNDS times: the bare handler, then Selgeo, each ratio taken within its own round. */
export async function rounds(
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

export function visitor(i: number) {
  return {
    "X-Forwarded-For": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
  };
}

/** Resident memory of a process, in MB (Linux). */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** A Markdown table, columns padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

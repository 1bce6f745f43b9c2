// Runs `selgeo serve` as a real child process on a free port, for tests about processes:
// crashes, signals, start-up output.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DemoMerchant } from "../../server/demo/seed";

export const SELGEO_BIN = resolve(import.meta.dirname, "../../server/bin/selgeo.js");

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  dir: string;
  dbPath: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A server started with --demo: the demo merchant's keys, from the file serve writes. */
export interface DemoServerProcess extends ServerProcess {
  demo: DemoMerchant;
}

export interface ServerProcessOptions {
  dir?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Start with --demo (the default), as `npm start` does. */
  demo?: boolean;
}

export async function startServerProcess(
  options: ServerProcessOptions & { demo: false },
): Promise<ServerProcess>;
export async function startServerProcess(
  options?: ServerProcessOptions,
): Promise<DemoServerProcess>;
export async function startServerProcess(
  options: ServerProcessOptions = {},
): Promise<ServerProcess | DemoServerProcess> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "selgeo-proc-"));
  const dbPath = join(dir, "selgeo.db");
  const withDemo = options.demo !== false;
  const args = [SELGEO_BIN, "serve", ...(withDemo ? ["--demo"] : [])];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DATABASE_URL: `file:${dbPath}`,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      TRUST_PROXY: "true",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output}`)),
      options.timeoutMs ?? 60_000,
    );
    const check = () => {
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const server: ServerProcess = {
    child,
    url,
    dir,
    dbPath,
    output: () => output,
    stop(signal = "SIGTERM") {
      return new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
        child.once("exit", (code) => done(code));
        child.kill(signal);
      });
    },
  };
  if (!withDemo) return server;
  const demo = JSON.parse(readFileSync(join(dir, "demo-keys.json"), "utf8")) as DemoMerchant;
  return { ...server, demo };
}

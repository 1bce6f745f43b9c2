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
  demo: DemoMerchant;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServerProcess(
  options: { dir?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "selgeo-proc-"));
  const dbPath = join(dir, "selgeo.db");
  const child = spawn(process.execPath, [SELGEO_BIN, "serve"], {
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
  const demo = JSON.parse(readFileSync(join(dir, "demo-keys.json"), "utf8")) as DemoMerchant;
  return {
    child,
    url,
    dir,
    dbPath,
    demo,
    output: () => output,
    stop(signal = "SIGTERM") {
      return new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
        child.once("exit", (code) => done(code));
        child.kill(signal);
      });
    },
  };
}

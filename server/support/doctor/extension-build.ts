// A fresh clone has no built extension; the doctor builds it the first time rather than fail
// with "run npm run build:extension". Only the default location is built: a --extension DIR
// that is missing is the user's typo, and building there would hide it.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../../..");

export async function buildExtensionWithWxt(): Promise<void> {
  await new Promise<void>((done, fail) => {
    execFile("npx", ["wxt", "build"], { cwd: ROOT, timeout: 600_000 }, (error, _out, stderr) =>
      error ? fail(new Error(`npx wxt build failed: ${stderr.trim() || error.message}`)) : done(),
    );
  });
}

export interface EnsureOptions {
  isDefault: boolean;
  build: () => Promise<void>;
  progress: (line: string) => void;
}

/** Builds the extension when `dir` is the default location and has no manifest yet. */
export async function ensureExtensionBuilt(dir: string, options: EnsureOptions): Promise<boolean> {
  if (!options.isDefault || existsSync(join(dir, "manifest.json"))) return false;
  options.progress(
    "Building the Selgeo extension (first run; takes about a minute: npm run build:extension)…",
  );
  const started = Date.now();
  await options.build();
  options.progress(`Built the extension in ${Math.round((Date.now() - started) / 1000)} s.`);
  return true;
}

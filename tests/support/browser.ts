// Launches Debian's Chromium through playwright-core, the way every real-browser test here
// needs it: no downloads, root-safe flags, and *.selgeo.test host names mapped to loopback so
// merchant, CDN and API each get their own origin.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--host-resolver-rules=MAP *.selgeo.test 127.0.0.1",
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Whether a browser suite can run. In CI a missing Chromium fails the run (the suite must not
 * be skipped silently); elsewhere the suite is skipped with a line saying so.
 */
export function chromiumOrSkip(suite: string): boolean {
  if (chromiumAvailable()) return true;
  if (process.env.CI === "true") {
    throw new Error(`CI=true but Chromium is missing at ${CHROMIUM_PATH}: ${suite} must run.`);
  }
  console.warn(`Skipping ${suite}: no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH).`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface ExtensionContext {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context with unpacked extensions loaded (headless works with the new mode). */
export async function launchWithExtensions(extensionDirs: string[]): Promise<ExtensionContext> {
  const userDataDir = mkdtempSync(join(tmpdir(), "selgeo-chromium-"));
  const list = extensionDirs.join(",");
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${list}`, `--load-extension=${list}`],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

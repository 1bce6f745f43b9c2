// Launches Debian's firefox-esr for the e2e tests: headless, a fresh profile, Marionette on a free
// port, every *.selgeo.test host name resolved to loopback (the counterpart of Chromium's
// --host-resolver-rules), and nothing that phones home.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Marionette } from "./marionette";

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";

/**
 * Whether a Firefox suite can run. In CI a missing firefox-esr fails the run (the suite must not
 * be skipped silently); elsewhere the suite is skipped with a line saying so.
 */
export function firefoxOrSkip(suite: string): boolean {
  if (existsSync(FIREFOX_PATH)) return true;
  if (process.env.CI === "true") {
    throw new Error(`CI=true but Firefox is missing at ${FIREFOX_PATH}: ${suite} must run.`);
  }
  console.warn(`Skipping ${suite}: no Firefox at ${FIREFOX_PATH} (set FIREFOX_PATH).`);
  return false;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type Pref = string | number | boolean;

/** A profile for a test run: quiet, local-only, no first-run pages. */
function basePrefs(marionettePort: number): Record<string, Pref> {
  return {
    "marionette.port": marionettePort,
    // Every host name resolves to loopback: the test servers play shop, CDN and API.
    "network.dns.forceResolve": "127.0.0.1",
    "network.proxy.type": 0,
    "dom.security.https_first": false,
    "dom.security.https_only_mode": false,
    "browser.shell.checkDefaultBrowser": false,
    "browser.startup.page": 0,
    "browser.startup.homepage": "about:blank",
    "browser.startup.homepage_override.mstone": "ignore",
    "startup.homepage_welcome_url": "about:blank",
    "browser.aboutwelcome.enabled": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "datareporting.healthreport.uploadEnabled": false,
    "toolkit.telemetry.reportingpolicy.firstRun": false,
    "app.update.disabledForTesting": true,
    "app.normandy.enabled": false,
    "extensions.update.enabled": false,
    "extensions.getAddons.cache.enabled": false,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "browser.safebrowsing.downloads.enabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "browser.newtabpage.enabled": false,
    "browser.tabs.warnOnClose": false,
  };
}

function prefsJs(prefs: Record<string, Pref>): string {
  return Object.entries(prefs)
    .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
    .join("\n");
}

export interface RunningFirefox {
  marionette: Marionette;
  /** Firefox's stderr so far, for failure messages. */
  log(): string;
  close(): Promise<void>;
}

/** Starts Firefox and opens a Marionette session on it. `prefs` add to or override the base. */
export async function launchFirefox(
  options: { prefs?: Record<string, Pref>; startTimeoutMs?: number } = {},
): Promise<RunningFirefox> {
  const profile = mkdtempSync(join(tmpdir(), "selgeo-firefox-"));
  const port = await freePort();
  writeFileSync(join(profile, "user.js"), prefsJs({ ...basePrefs(port), ...options.prefs }));
  let log = "";
  const child: ChildProcess = spawn(
    FIREFOX_PATH,
    ["-headless", "-marionette", "-remote-allow-system-access", "-no-remote", "-profile", profile],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1" },
    },
  );
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killed = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
      ]);
      if (!killed) child.kill("SIGKILL");
      await exited;
    }
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const marionette = await Marionette.connect(port, {
      timeoutMs: options.startTimeoutMs ?? 90_000,
    });
    await marionette.request("WebDriver:NewSession", {
      capabilities: { alwaysMatch: { acceptInsecureCerts: true } },
    });
    return {
      marionette,
      log: () => log,
      async close() {
        marionette.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw new Error(`Firefox did not start: ${(error as Error).message}\n${log}`);
  }
}

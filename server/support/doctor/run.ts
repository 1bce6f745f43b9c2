// The doctor's browser work: headless Chromium with the built extension loaded, one page visited,
// and the session the extension recorded for it read back through the extension's own driver
// (extension/automation/driver.ts) — so the doctor shows exactly what the panel would.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildDoctorReport } from "./build";
import { buildExtensionWithWxt, ensureExtensionBuilt } from "./extension-build";
import {
  type GuardOptions,
  guardPrivateRequests,
  guardServiceWorkerRequests,
  privateHosts,
  privateRequestPolicy,
  type RequestGuard,
} from "./private-guard";
import type { DoctorReport } from "./report";

// Types only, written as import types: playwright-core (a devDependency) is loaded lazily below.
type BrowserContext = import("playwright-core").BrowserContext;
type Page = import("playwright-core").Page;

/** `npm run build:extension` writes the Chrome build here. */
export const DEFAULT_EXTENSION_DIR = resolve(import.meta.dirname, "../../../.output/chrome-mv3");
export const DEFAULT_CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Flags for a quiet, headless run; `--chromium-arg` adds to them. Chromium's sandbox is what
 * stands between a hostile page and this machine, so it stays on: `--no-sandbox` only as root,
 * where Chromium refuses to start with it (docs/doctor.md: run the doctor as an ordinary user).
 */
export function chromiumArgs(isRoot: boolean): string[] {
  return [
    ...(isRoot ? ["--no-sandbox"] : []),
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ];
}

const RUNNING_AS_ROOT = process.getuid?.() === 0;

/** The check could not run: no browser, no extension, a page that does not load. Exit code 2. */
export class DoctorUnavailable extends Error {
  override name = "DoctorUnavailable";
}

export interface DoctorBrowserOptions {
  chromiumPath?: string;
  extensionDir?: string;
  chromiumArgs?: string[];
  progress?: (line: string) => void;
  /** Builds the extension into DEFAULT_EXTENSION_DIR when it is missing (tests pass their own). */
  buildExtension?: () => Promise<void>;
}

export interface CheckOptions {
  ref?: string;
  /** For the whole visit: loading the page, the snippet settling and the key check. */
  timeoutMs: number;
  /** Also save the extension's support bundle for the page here (what the panel exports). */
  bundlePath?: string;
  /** Follow redirects and sub-requests to private and loopback addresses (refused otherwise). */
  allowPrivate?: boolean;
}

/** Absolute http(s) URL with `ref` set when given; anything else is refused with a sentence. */
export function targetUrl(raw: string, ref?: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DoctorUnavailable(
      `"${raw}" is not a URL. Give the page's full address, e.g. https://shop.example/pricing`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new DoctorUnavailable(`Only http and https pages can be checked; got ${url.protocol}`);
  }
  if (ref !== undefined) url.searchParams.set("ref", ref);
  return url.href;
}

/** What must exist before a browser is worth starting; each miss names its remedy. */
export function checkPrerequisites(chromiumPath: string, extensionDir: string): string {
  if (!existsSync(chromiumPath)) {
    throw new DoctorUnavailable(
      `Chromium was not found at ${chromiumPath}. Install it (Debian/Ubuntu: apt-get install chromium) or point to it with --chromium PATH or CHROMIUM_PATH.`,
    );
  }
  const manifestPath = join(extensionDir, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new DoctorUnavailable(
      `The built Selgeo extension was not found in ${extensionDir}. Build it with \`npm run build:extension\` (or point to a build with --extension DIR).`,
    );
  }
  let manifest: { name?: unknown; version?: unknown };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (error) {
    throw new DoctorUnavailable(
      `${manifestPath} is not readable JSON: ${(error as Error).message}`,
    );
  }
  if (manifest.name !== "Selgeo" || typeof manifest.version !== "string") {
    throw new DoctorUnavailable(
      `${extensionDir} holds another extension (${String(manifest.name)}), not Selgeo's build.`,
    );
  }
  return manifest.version;
}

/**
 * A regular desktop Chrome user agent for this Chromium. Headless Chromium says "HeadlessChrome",
 * which the API rightly answers as a bot without recording a click; the doctor must see what a
 * merchant's visitors see. null when the version cannot be read (the visit is then a bot's).
 */
export function visitorUserAgent(chromiumPath: string): Promise<string | null> {
  return new Promise((done) => {
    execFile(chromiumPath, ["--version"], { timeout: 10_000 }, (error, stdout) => {
      const major = error ? undefined : /(\d+)\.\d+\.\d+\.\d+/.exec(stdout)?.[1];
      done(
        major
          ? `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`
          : null,
      );
    });
  });
}

/** Lazily: playwright-core is a devDependency, absent from a production install. */
async function loadPlaywright(): Promise<typeof import("playwright-core")> {
  try {
    return await import("playwright-core");
  } catch {
    throw new DoctorUnavailable(
      "The doctor needs the playwright-core package, a development dependency: run `npm install` (with dev dependencies) in the Selgeo checkout, then `npm run build:extension`.",
    );
  }
}

/** Playwright's navigation errors carry the network error code; that is the useful part. */
function loadFailure(url: string, error: Error, timeoutMs: number): DoctorUnavailable {
  const netError = /net::ERR_[A-Z_]+/.exec(error.message)?.[0];
  if (netError) {
    return new DoctorUnavailable(
      `The page ${url} did not load: ${netError}. Check the address and that this machine can reach the site.`,
    );
  }
  if (error.name === "TimeoutError") {
    return new DoctorUnavailable(
      `The page ${url} did not load within ${timeoutMs / 1000} s. Try again with a larger --timeout.`,
    );
  }
  return new DoctorUnavailable(
    `The page ${url} did not load: ${error.message.split("\n")[0] ?? error.message}`,
  );
}

/** One Chromium with the extension loaded; `check` may be called for several pages at once. */
export class DoctorBrowser {
  /** Visits under way without --allow-private, each with its refusal policy. */
  private readonly guarded = new Map<GuardOptions, (url: string) => Promise<boolean>>();
  /** One DNS verdict per name for the pages and the extension alike: fewer lookups. */
  private readonly privateHosts = privateHosts();

  private constructor(
    private readonly context: BrowserContext,
    private readonly control: Page,
    private readonly extensionVersion: string,
    private readonly userDataDir: string,
    private readonly progress: (line: string) => void,
  ) {}

  static async open(options: DoctorBrowserOptions = {}): Promise<DoctorBrowser> {
    const chromiumPath = options.chromiumPath ?? DEFAULT_CHROMIUM_PATH;
    const extensionDir = resolve(options.extensionDir ?? DEFAULT_EXTENSION_DIR);
    const progress = options.progress ?? (() => {});
    await ensureExtensionBuilt(extensionDir, {
      isDefault: extensionDir === DEFAULT_EXTENSION_DIR,
      build: options.buildExtension ?? buildExtensionWithWxt,
      progress,
    }).catch((error: Error) => {
      throw new DoctorUnavailable(
        `Building the Selgeo extension failed (${error.message.split("\n")[0]}). Run \`npm run build:extension\` to see why.`,
      );
    });
    const extensionVersion = checkPrerequisites(chromiumPath, extensionDir);
    const [{ chromium }, driver, userAgent] = await Promise.all([
      loadPlaywright(),
      import("../../../extension/automation/driver"),
      visitorUserAgent(chromiumPath),
    ]);
    if (!userAgent)
      progress("Could not read Chromium's version: the API may treat this visit as a bot's.");
    progress(`Starting Chromium (${chromiumPath}) with the Selgeo extension ${extensionVersion}…`);
    if (RUNNING_AS_ROOT) {
      progress(
        "Running as root: Chromium's sandbox is off (--no-sandbox). Run the doctor as an ordinary user to keep it on.",
      );
    }

    const userDataDir = mkdtempSync(join(tmpdir(), "selgeo-doctor-"));
    let context: BrowserContext;
    try {
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: chromiumPath,
        headless: true,
        args: [
          ...chromiumArgs(RUNNING_AS_ROOT),
          ...(userAgent ? [`--user-agent=${userAgent}`] : []),
          ...(options.chromiumArgs ?? []),
          `--disable-extensions-except=${extensionDir}`,
          `--load-extension=${extensionDir}`,
        ],
      });
    } catch (error) {
      rmSync(userDataDir, { recursive: true, force: true });
      throw new DoctorUnavailable(
        `Chromium (${chromiumPath}) did not start: ${(error as Error).message.split("\n")[0]}`,
      );
    }
    try {
      // Generous: on a busy machine the service worker can take a while to start.
      const extensionId = await driver.selgeoExtensionId(context, 30_000);
      const control = await driver.openControlPage(context, extensionId);
      const browser = new DoctorBrowser(context, control, extensionVersion, userDataDir, progress);
      const cdp = await context.browser()?.newBrowserCDPSession();
      if (!cdp) throw new Error("no CDP session for the browser");
      await guardServiceWorkerRequests(cdp, browser.extensionRequestGuard());
      return browser;
    } catch (error) {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
      throw new DoctorUnavailable(
        `The Selgeo extension in ${extensionDir} did not start in Chromium (${(error as Error).message}). Rebuild it with \`npm run build:extension\`.`,
      );
    }
  }

  async check(rawUrl: string, options: CheckOptions): Promise<DoctorReport> {
    const { exportBundle, findTabId, waitForSession } = await import(
      "../../../extension/automation/driver"
    );
    const url = targetUrl(rawUrl, options.ref);
    const deadline = Date.now() + options.timeoutMs;
    const page = await this.context.newPage();
    const refused: string[] = [];
    const allowPrivate = options.allowPrivate ?? false;
    let guard: GuardOptions | undefined;
    try {
      this.progress(
        allowPrivate
          ? "--allow-private: following redirects and requests to private and loopback addresses."
          : "Redirects and requests to private and loopback addresses (other than the page's own host) are refused; --allow-private follows them.",
      );
      if (!allowPrivate) {
        guard = {
          allowedHost: new URL(url).hostname,
          privateHosts: this.privateHosts,
          onRefused: (blocked) => {
            refused.push(blocked);
            this.progress(`Refused a request to a private or loopback address: ${blocked}`);
          },
        };
        const refuses = privateRequestPolicy(guard);
        this.guarded.set(guard, refuses);
        await guardPrivateRequests(await this.context.newCDPSession(page), guard, refuses);
      }
      this.progress(`Opening ${url}…`);
      // Only the document: the extension's own settling decides when the snippet is done, and
      // a page whose `load` never comes still gets a (partial) diagnosis.
      const response = await page
        .goto(url, { waitUntil: "domcontentloaded", timeout: options.timeoutMs })
        .catch((error: Error) => {
          throw loadFailure(url, error, options.timeoutMs);
        });
      const httpStatus = response?.status() ?? null;
      if (httpStatus !== null && httpStatus >= 400) {
        throw new DoctorUnavailable(
          `The page ${url} answered HTTP ${httpStatus}: there is no page to diagnose. Check the address.`,
        );
      }
      const finalUrl = page.url();
      const tabId = await this.tabOf(findTabId, finalUrl, deadline);
      this.progress(
        `Waiting for the snippet to settle (up to ${Math.max(0, Math.round((deadline - Date.now()) / 1000))} s)…`,
      );
      const { view, timedOut } = await waitForSession(this.control, tabId, {
        timeoutMs: Math.max(0, deadline - Date.now()),
      });
      if (timedOut) this.progress("The page did not settle in time: the findings may be partial.");
      if (options.bundlePath) {
        const bundle = await exportBundle(this.control, tabId);
        await writeFile(options.bundlePath, `${JSON.stringify(bundle, null, 2)}\n`).catch(
          (error: Error) => {
            throw new DoctorUnavailable(
              `Cannot save the bundle to ${options.bundlePath}: ${error.message}`,
            );
          },
        );
        this.progress(`Saved the support bundle to ${options.bundlePath}.`);
      }
      return buildDoctorReport(view, {
        url,
        finalUrl,
        httpStatus,
        checkedAt: new Date(),
        extensionVersion: this.extensionVersion,
        complete: !timedOut,
        privateAddresses: { allowed: allowPrivate, refused },
      });
    } finally {
      if (guard) this.guarded.delete(guard);
      await page.close().catch(() => undefined);
    }
  }

  /**
   * The extension's requests (keys/check, probes) do not say which page they are for. A URL any
   * guarded visit allows (its own host, a public one) is followed; a refusal is reported to every
   * guarded visit. The CLI checks one page per browser, so there it is exactly that page's.
   */
  private extensionRequestGuard(): RequestGuard {
    return {
      policy: () => {
        const policies = [...this.guarded.values()];
        if (policies.length === 0) return null;
        return async (url) => (await Promise.all(policies.map((p) => p(url)))).every(Boolean);
      },
      onRefused: (url) => {
        for (const guard of this.guarded.keys()) guard.onRefused(url);
      },
    };
  }

  /** The tab's URL reaches the background a moment after the navigation commits. */
  private async tabOf(
    findTabId: (control: Page, url: string) => Promise<number>,
    url: string,
    deadline: number,
  ): Promise<number> {
    for (;;) {
      try {
        return await findTabId(this.control, url);
      } catch (error) {
        if (Date.now() > deadline) {
          throw new DoctorUnavailable(
            `The extension never reported the tab showing ${url}: ${(error as Error).message}`,
          );
        }
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    rmSync(this.userDataDir, { recursive: true, force: true });
  }
}

/** What `selgeo doctor` does: one browser, one page, one report. */
export async function runDoctor(
  url: string,
  options: DoctorBrowserOptions & CheckOptions,
): Promise<DoctorReport> {
  // Validate the URL before paying for a browser start.
  targetUrl(url, options.ref);
  const browser = await DoctorBrowser.open(options);
  try {
    return await browser.check(url, options);
  } finally {
    await browser.close();
  }
}

// The built Selgeo extension in Chromium, as every extension e2e suite starts it: built on first
// use, loaded (with any helper extensions, such as the request blocker), visiting pages as a real
// desktop Chrome, and its control page open for the automation driver.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import {
  findTabId,
  openControlPage,
  selgeoExtensionId,
  waitForSession,
} from "../../extension/automation/driver";
import type { SessionView } from "../../extension/session/view";
import { closedPort } from "../fixtures/doctor/shop";
import type { Cause, CauseHosts } from "../fixtures/extension/causes";
import type { MerchantSite } from "../fixtures/extension/merchantSite";
import { type ExtensionContext, launchWithExtensions } from "./browser";
import { Harness } from "./harness";
import { type Listening, listen } from "./http-server";

const ROOT = join(import.meta.dirname, "..", "..");
export const EXTENSION_DIR = join(ROOT, ".output", "chrome-mv3");
/** A second extension that blocks Selgeo's snippet, as an ad blocker would. */
export const BLOCKER_DIR = join(ROOT, "tests", "fixtures", "extension", "blocker");
export const ARTIFACTS = join(ROOT, "tests", "artifacts");

/**
 * Headless Chromium says "HeadlessChrome", which the API rightly treats as a bot and does not
 * count; the test pages play a real visitor.
 */
export const VISITOR_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export interface SelgeoBrowser {
  browser: ExtensionContext;
  context: BrowserContext;
  extensionId: string;
  /** One of the extension's own pages, for the driver's reads. */
  control: Page;
  close(): Promise<void>;
}

export async function launchSelgeoExtension(
  otherExtensions: string[] = [],
): Promise<SelgeoBrowser> {
  if (!existsSync(join(EXTENSION_DIR, "manifest.json"))) {
    execFileSync("npx", ["wxt", "build"], { cwd: ROOT, stdio: "ignore" });
  }
  const browser = await launchWithExtensions([EXTENSION_DIR, ...otherExtensions]);
  const { context } = browser;
  await context.setExtraHTTPHeaders({ "User-Agent": VISITOR_USER_AGENT });
  const extensionId = await selgeoExtensionId(context);
  const control = await openControlPage(context, extensionId);
  return { browser, context, extensionId, control, close: () => browser.close() };
}

/**
 * The servers the guide's cause pages talk to: the API, one whose rate limit is already used up
 * (the page's click gets 429), and a closed port (a network error).
 */
export async function startCauseServers(): Promise<{
  api: Harness;
  hosts: CauseHosts;
  close(): Promise<void>;
}> {
  const api = await Harness.init();
  const limited = await Harness.init({ rateLimitPerMinute: 1 });
  const servers: Listening[] = [
    await listen(api.app, { services: api.services }),
    await listen(limited.app, { services: limited.services }),
  ];
  await limited.click("demo", { key: limited.merchant.keys.pk_live });
  const hosts: CauseHosts = {
    apiPort: servers[0]!.port,
    limitedPort: servers[1]!.port,
    closedPort: await closedPort(),
    keys: api.merchant.keys,
    limitedLiveKey: limited.merchant.keys.pk_live,
    unknownKey: `pk_live_${"Z".repeat(30)}`,
  };
  return {
    api,
    hosts,
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await api.close();
      await limited.close();
    },
  };
}

export interface VisitedCause {
  tabId: number;
  view: SessionView;
  timedOut: boolean;
}

/** Every cause page in its own tab, all at once (each waits ~2 s to settle), until settled. */
export async function visitCauses(
  selgeo: SelgeoBrowser,
  site: MerchantSite,
  cases: Cause[],
  timeoutMs: number,
): Promise<Map<string, VisitedCause>> {
  const sessions = new Map<string, VisitedCause>();
  await Promise.all(
    cases.map(async (c) => {
      const url = site.url(c.page.name, c.query);
      const tab = await selgeo.context.newPage();
      await tab.goto(url);
      const tabId = await findTabId(selgeo.control, url);
      sessions.set(c.page.name, {
        tabId,
        ...(await waitForSession(selgeo.control, tabId, { timeoutMs })),
      });
    }),
  );
  return sessions;
}

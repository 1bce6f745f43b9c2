// The firefox-mv2 build in Debian's firefox-esr, driven through Marionette: the same merchant
// pages, one per cause in the troubleshooting guide, as extension.causes.test.ts runs in
// Chromium, each with the finding the recorded session and the panel must show. Pages are opened
// one at a time in the foreground tab: headless Firefox does not run a background tab's page far
// enough for it to settle.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PANEL_PATH } from "../../extension/automation/driver";
import type { SessionView } from "../../extension/session/view";
import { type Cause, causes } from "../fixtures/extension/causes";
import { type MerchantSite, startMerchantSite } from "../fixtures/extension/merchantSite";
import { firefoxOrSkip, launchFirefox, type RunningFirefox } from "../support/firefox";
import {
  execute,
  extensionCspErrors,
  extensionUuidPrefs,
  findTabId,
  installTemporaryAddon,
  openExtensionTab,
  switchToTab,
  waitForSession,
} from "../support/firefox-extension";
import { Harness } from "../support/harness";
import { type Listening, listen } from "../support/http-server";

const ROOT = join(import.meta.dirname, "..", "..");
const EXTENSION_DIR = join(ROOT, ".output", "firefox-mv2");
const BLOCKER_DIR = join(ROOT, "tests", "fixtures", "extension", "blocker");
const ADDON_ID = "devtools@selgeo.com";
/** Fixed by pref, so the test knows the moz-extension:// host before installing. */
const UUID = "5e1ce0f0-5e19-4e0f-8e10-000000000001";
const EXTENSION_BASE = `moz-extension://${UUID}/`;

const canRun = firefoxOrSkip("Firefox extension e2e");

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface PanelState {
  findingIds: string[];
  noFindings: boolean;
  clickId: string | null;
}

interface Observed {
  tabId: number;
  view: SessionView;
  timedOut: boolean;
  panel: PanelState | null;
}

describe.skipIf(!canRun)("Selgeo extension in Firefox: one page per cause", () => {
  let api: Harness;
  let limited: Harness;
  let servers: Listening[] = [];
  let site: MerchantSite;
  let firefox: RunningFirefox;
  let cases: Cause[];
  let installedId: string;
  const observed = new Map<string, Observed>();

  /** Shows the panel for a tab in the extension's tab and reads what it lists. */
  async function readPanel(tabId: number): Promise<PanelState | null> {
    const m = firefox.marionette;
    const search = `?tabId=${tabId}`;
    await execute(m, "location.assign(arguments[0]);", [`${EXTENSION_BASE}${PANEL_PATH}${search}`]);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const state = await execute<PanelState | null>(
        m,
        `if (location.search !== arguments[0]) return null;
         if (!document.querySelector('[data-testid="panel"][data-ready="true"]')) return null;
         return {
           findingIds: [...document.querySelectorAll("[data-finding-id]")].map((e) => e.getAttribute("data-finding-id")),
           noFindings: document.querySelector('[data-testid="no-findings"]') !== null,
           clickId: document.querySelector('[data-testid="status-click-id"]')?.textContent ?? null,
         };`,
        [search],
      ).catch(() => null);
      if (state) return state;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return null;
  }

  beforeAll(async () => {
    if (!existsSync(join(EXTENSION_DIR, "manifest.json"))) {
      execFileSync("npx", ["wxt", "build", "-b", "firefox"], { cwd: ROOT, stdio: "ignore" });
    }
    api = await Harness.init();
    limited = await Harness.init({ rateLimitPerMinute: 1 });
    const apiServer = await listen(api.app, { services: api.services });
    const limitedServer = await listen(limited.app, { services: limited.services });
    servers = [apiServer, limitedServer];
    // Use up the limited server's one request a minute, so the page's click gets 429.
    await limited.click("demo", { key: limited.merchant.keys.pk_live });
    cases = causes({
      apiPort: apiServer.port,
      limitedPort: limitedServer.port,
      closedPort: await closedPort(),
      keys: api.merchant.keys,
      limitedLiveKey: limited.merchant.keys.pk_live,
      unknownKey: `pk_live_${"Z".repeat(30)}`,
    });
    site = await startMerchantSite(cases.map((c) => c.page));

    firefox = await launchFirefox({ prefs: extensionUuidPrefs({ [ADDON_ID]: UUID }) });
    const m = firefox.marionette;
    installedId = await installTemporaryAddon(m, EXTENSION_DIR);
    await installTemporaryAddon(m, BLOCKER_DIR);
    const extensionTab = await openExtensionTab(m, `${EXTENSION_BASE}${PANEL_PATH}`);

    // One tab, navigated from page to page as a visitor would. This is how the recorder's race
    // with Firefox's late main_frame event showed (extension/recorder/recorder.ts, mainFrame).
    const { handle: pageTab } = await m.request<{ handle: string }>("WebDriver:NewWindow", {
      type: "tab",
      focus: true,
    });
    for (const c of cases) {
      const url = site.url(c.page.name, c.query);
      await switchToTab(m, pageTab, true);
      await m.request("WebDriver:Navigate", { url });
      // The page stays in the foreground; commands go to the extension's tab behind it.
      await switchToTab(m, extensionTab, false);
      const tabId = await findTabId(m, url);
      const session = await waitForSession(m, tabId);
      observed.set(c.page.name, { tabId, ...session, panel: await readPanel(tabId) });
    }
  }, 180_000);

  afterAll(async () => {
    await firefox?.close();
    await site?.close();
    await Promise.all(servers.map((s) => s.close()));
    await api?.close();
    await limited?.close();
  });

  it("installs the firefox-mv2 build under its gecko id", () => {
    expect(installedId).toBe(ADDON_ID);
  });

  const names = [
    "healthy",
    "missing",
    "typo",
    "cspscript",
    "cspconnect",
    "blocked",
    "invalidkey",
    "secret",
    "testkey",
    "noref",
    "ratelimited",
    "network",
    "paymentlink",
  ];

  it.each(names)("%s: the recorded session and the panel show the right finding", (name) => {
    const cause = cases.find((c) => c.page.name === name)!;
    const seen = observed.get(name)!;
    const ids = seen.view.findings.map((f) => f.id);
    const context = `${name}: ${JSON.stringify(seen.view.status)}\n${seen.view.timeline
      .map((e) => JSON.stringify(e.event))
      .join("\n")}`;
    expect(seen.timedOut, `session for ${name} never became ready: ${context}`).toBe(false);
    if (cause.expected.length === 0) expect(ids, context).toEqual([]);
    for (const id of cause.expected) expect(ids, context).toContain(id);
    expect(seen.panel, `the panel for ${name} never became ready`).not.toBeNull();
    for (const id of cause.expected) {
      expect(seen.panel?.findingIds.filter((f) => f === id)).toEqual([id]);
    }
    if (cause.expected.length === 0) {
      expect(seen.panel?.noFindings).toBe(true);
      expect(seen.view.status.clickId).toMatch(/^clk_/);
      expect(seen.panel?.clickId).toBe(seen.view.status.clickId);
    }
  });

  it("typo: the evidence says what the server answered, though Firefox dropped the body", () => {
    const typo = observed.get("typo")!.view.findings.find((f) => f.id === "snippet-url-typo");
    expect(typo?.cause).toContain("the server answered 404");
    expect(typo?.evidence.join("\n")).toMatch(/→ 404/);
  });

  it("the extension's pages log no CSP error (zod runs jitless)", async () => {
    expect(await extensionCspErrors(firefox.marionette, UUID)).toEqual([]);
  });
});

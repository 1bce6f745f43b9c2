// The panel's own features in real Chromium: the health header and mode badge, the Findings /
// Network / Timeline tabs, audit-log links and copy buttons for ids, timeline search, axe's
// verdict, preserve log across a navigation, the toolbar badge, Export support bundle (the
// downloaded file validates against the shared schema, keys masked, request ids kept) and Clear.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTabId, panelUrl, waitForSession } from "../../extension/automation/driver";
import { parseSupportBundle } from "../../extension/bundle/schema";
import { type MerchantSite, startMerchantSite } from "../fixtures/extension/merchantSite";
import { chromiumOrSkip } from "../support/browser";
import { expectAccessible } from "../support/dashboard-browser";
import { ARTIFACTS, launchSelgeoExtension, type SelgeoBrowser } from "../support/extension-browser";
import { Harness } from "../support/harness";
import { type Listening, listen } from "../support/http-server";

const canRun = chromiumOrSkip("extension panel e2e");

describe.skipIf(!canRun)("Selgeo panel in Chromium: preserve log, badge, export, clear", () => {
  let api: Harness;
  let server: Listening;
  let site: MerchantSite;
  let browser: SelgeoBrowser;
  let context: BrowserContext;
  let control: Page;
  let extensionId: string;
  let tabId: number;
  let healthyTabId: number;
  let apiBase: string;
  const badges = { landing: "", thanks: "" };

  const badgeText = (id: number) =>
    control.evaluate(
      (tab) =>
        (
          globalThis as unknown as {
            chrome: { action: { getBadgeText(d: { tabId: number }): Promise<string> } };
          }
        ).chrome.action.getBadgeText({ tabId: tab }),
      id,
    );

  /** The badge follows the session after a short debounce. */
  async function settledBadge(id: number, expected: string): Promise<string> {
    const deadline = Date.now() + 5000;
    let text = await badgeText(id);
    while (text !== expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await badgeText(id);
    }
    return text;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    api = await Harness.init();
    server = await listen(api.app, { services: api.services });
    const cdn = `http://cdn.selgeo.test:${server.port}`;
    apiBase = `http://api.selgeo.test:${server.port}`;
    site = await startMerchantSite([
      {
        name: "landing",
        body: `<script src="${cdn}/v1/selgeo.js" data-merchant="${api.merchant.keys.pk_live}" data-api="http://api.selgeo.test:${server.port}" async></script>`,
      },
      { name: "thanks", body: "<p>Thank you — this page forgot the snippet.</p>" },
      {
        name: "csp",
        csp: "default-src 'self'; script-src 'self'",
        body: `<script src="${cdn}/v1/selgeo.js" data-merchant="${api.merchant.keys.pk_live}" data-api="${apiBase}" async></script>`,
      },
    ]);
    browser = await launchSelgeoExtension();
    ({ context, control, extensionId } = browser);
    const tab = await context.newPage();
    const landing = site.url("landing", "?ref=demo");
    await tab.goto(landing);
    tabId = await findTabId(control, landing);
    const first = await waitForSession(control, tabId);
    expect(first.view.status.clickId).toMatch(/^clk_/);
    badges.landing = await settledBadge(tabId, "ok");
    await tab.goto(site.url("thanks"));
    const second = await waitForSession(control, tabId);
    expect(second.view.findings.map((f) => f.id)).toEqual(["snippet-missing"]);
    badges.thanks = await settledBadge(tabId, "");
    // A second tab that stays on the healthy page, for the panel's own features.
    const healthyTab = await context.newPage();
    const healthyUrl = site.url("landing", "?ref=demo&panel=1");
    await healthyTab.goto(healthyUrl);
    healthyTabId = await findTabId(control, healthyUrl);
    await waitForSession(control, healthyTabId);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
    await api?.close();
  });

  it("shows the page's health on the toolbar badge, and nothing on a page without Selgeo", () => {
    expect(badges).toEqual({ landing: "ok", thanks: "" });
  });

  async function openPanel(id: number): Promise<Page> {
    const panel = await context.newPage();
    await panel.goto(panelUrl(extensionId, id));
    await panel.locator('[data-testid="panel"][data-ready="true"]').waitFor();
    return panel;
  }

  it("says in one sentence that the page is healthy, with the live key's badge", async () => {
    const panel = await openPanel(healthyTabId);
    const sentence = await panel.getByTestId("health-sentence").textContent();
    expect(await panel.getByTestId("health").getAttribute("data-tone"), sentence ?? "").toBe("ok");
    expect(await panel.getByTestId("health-sentence").textContent()).toMatch(
      /^Healthy: .*click clk_\w+ is stored\.$/,
    );
    expect(await panel.getByTestId("mode-badge").getAttribute("data-mode")).toBe("live");
    expect(await panel.getByTestId("mode-banner").count()).toBe(0);
    await panel.close();
  });

  it("links the click id and every request id to the dashboard's audit log search", async () => {
    const panel = await openPanel(healthyTabId);
    const clickId = (await panel.getByTestId("status-click-id").textContent()) ?? "";
    expect(clickId).toMatch(/^clk_/);
    const clickLink = panel.locator("a", { has: panel.getByTestId("status-click-id") });
    expect(await clickLink.getAttribute("href")).toBe(`${apiBase}/dashboard/audit?q=${clickId}`);

    await panel.getByTestId("tab-network").click();
    expect(await panel.getByTestId("panel-network").isVisible()).toBe(true);
    expect(await panel.getByTestId("panel-findings").isVisible()).toBe(false);
    const rows = panel.getByTestId("network-row");
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const statuses = await panel.getByTestId("network-status").allTextContents();
    expect(statuses).toContain("200");
    const links = panel.getByTestId("panel-network").getByTestId("audit-link");
    const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThanOrEqual(1);
    for (const href of hrefs)
      expect(href).toMatch(new RegExp(`^${apiBase}/dashboard/audit\\?q=req_`));
    await panel.close();
  });

  it("copies an id with its copy button", async () => {
    const panel = await openPanel(healthyTabId);
    const clickId = (await panel.getByTestId("status-click-id").textContent()) ?? "";
    const button = panel.getByRole("button", { name: `Copy ${clickId}` }).first();
    await button.click();
    await expect.poll(() => button.getAttribute("data-state")).toBe("copied");
    // Paste it back (Chromium will not grant clipboard-read to an extension origin).
    await panel.getByTestId("tab-timeline").click();
    const search = panel.getByTestId("timeline-search");
    await search.focus();
    await panel.keyboard.press("Control+V");
    expect(await search.inputValue()).toBe(clickId);
    await panel.close();
  });

  it("copies a CSP fix's change and its whole corrected policy with two named buttons", async () => {
    const tab = await context.newPage();
    const url = site.url("csp");
    await tab.goto(url);
    const cspTabId = await findTabId(control, url);
    await waitForSession(control, cspTabId);
    const panel = await openPanel(cspTabId);
    const finding = panel.locator('[data-testid="finding"][data-finding-id="csp-script-src"]');
    const pasted = async (name: string) => {
      await finding.getByRole("button", { name, exact: true }).click();
      // Paste it back (Chromium will not grant clipboard-read to an extension origin).
      await panel.getByTestId("tab-timeline").click();
      const search = panel.getByTestId("timeline-search");
      await search.fill("");
      await search.focus();
      await panel.keyboard.press("Control+V");
      const text = await search.inputValue();
      await panel.getByTestId("tab-findings").click();
      return text;
    };
    // The search box is one line: the change's lines arrive joined.
    const change = await pasted("Copy change");
    expect(change).toMatch(
      /^Change (one line|these lines) of your Content-Security-Policy:.*script-src 'self' {2}→ {2}script-src 'self' http:\/\/cdn\.selgeo\.test/,
    );
    expect(change).not.toContain("complete corrected policy");
    expect(await pasted("Copy whole policy")).toMatch(
      /^default-src 'self'[^;]*; script-src 'self' http:\/\/cdn\.selgeo\.test:\d+/,
    );
    await panel.close();
    await tab.close();
  });

  it("filters the timeline by text and by kind", async () => {
    const panel = await openPanel(healthyTabId);
    await panel.getByTestId("tab-timeline").click();
    const items = panel.locator(".timeline li");
    const all = await items.count();
    expect(all).toBeGreaterThan(3);
    await panel.getByTestId("timeline-search").fill("/api/v1/clicks");
    await expect.poll(() => items.count()).toBeLessThan(all);
    for (const text of await items.allTextContents()) expect(text).toContain("/api/v1/clicks");
    expect(await items.count()).toBeGreaterThanOrEqual(1);
    await panel.getByTestId("timeline-search").fill("");
    await panel.getByTestId("timeline-kind").selectOption("navigation");
    await expect.poll(() => items.count()).toBe(1);
    await panel.close();
  });

  it("uses readable type: no visible text below 12 px", async () => {
    const panel = await openPanel(healthyTabId);
    for (const tab of ["findings", "network", "timeline"]) {
      await panel.getByTestId(`tab-${tab}`).click();
      const sizes = await panel.evaluate(() => {
        const small: string[] = [];
        for (const el of document.querySelectorAll("body *")) {
          const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim());
          if (!own || !(el as HTMLElement).offsetParent) continue;
          const size = Number.parseFloat(getComputedStyle(el).fontSize);
          if (size < 12) small.push(`${el.tagName}.${el.className}: ${size}px`);
        }
        return small;
      });
      expect(sizes, tab).toEqual([]);
    }
    await panel.close();
  });

  it("shows a new event in an open panel without reload or polling", async () => {
    const panel = await context.newPage();
    // Before the panel's scripts run: record every interval timer and every message it sends.
    await panel.addInitScript(() => {
      const w = window as unknown as {
        __intervals: number[];
        __messages: string[];
        chrome: { runtime: { sendMessage: (...args: unknown[]) => unknown } };
      };
      w.__intervals = [];
      w.__messages = [];
      const setIntervalOriginal = window.setInterval.bind(window);
      window.setInterval = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) => {
        w.__intervals.push(ms ?? 0);
        return setIntervalOriginal(handler, ms, ...rest);
      }) as typeof window.setInterval;
      const send = w.chrome.runtime.sendMessage.bind(w.chrome.runtime);
      w.chrome.runtime.sendMessage = (...args: unknown[]) => {
        w.__messages.push(String((args[0] as { type?: string })?.type));
        return send(...args);
      };
    });
    await panel.goto(panelUrl(extensionId, healthyTabId));
    await panel.locator('[data-testid="panel"][data-ready="true"]').waitFor();
    await panel.getByTestId("tab-timeline").click();
    await panel.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    const site = context.pages().find((p) => p.url().includes("panel=1"));
    expect(site, "the healthy tab is open").toBeDefined();
    await site?.evaluate(() =>
      window.dispatchEvent(new CustomEvent("selgeo:debug", { detail: { type: "live_probe" } })),
    );
    await expect
      .poll(() => panel.getByTestId("timeline").textContent(), { timeout: 5000 })
      .toContain("selgeo:debug live_probe");
    // Idle for a while: a poller would ask again and again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const seen = await panel.evaluate(() => {
      const w = window as unknown as {
        __intervals: number[];
        __messages: string[];
        __sameDocument?: boolean;
      };
      return { intervals: w.__intervals, messages: w.__messages, same: w.__sameDocument };
    });
    expect(seen.same, "the panel was not reloaded").toBe(true);
    expect(seen.intervals, "no periodic timer").toEqual([]);
    expect(
      seen.messages.filter((m) => m === "selgeo:get-session"),
      "no polling",
    ).toEqual([]);
    await panel.close();
  });

  it("has no serious or critical accessibility violation on any tab (axe)", async () => {
    for (const id of [healthyTabId, tabId]) {
      const panel = await openPanel(id);
      for (const tab of ["findings", "network", "timeline"]) {
        await panel.getByTestId(`tab-${tab}`).click();
        await expectAccessible(panel, `panel tab ${id} ${tab}`);
      }
      await panel.close();
    }
  });

  it("sums the page up in the popup: health sentence, mode badge, root causes, DevTools hint", async () => {
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 400, height: 420 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${healthyTabId}`);
    await popup.getByTestId("popup").waitFor();
    await expect.poll(() => popup.getByTestId("health").getAttribute("data-tone")).toBe("ok");
    expect(await popup.getByTestId("mode-badge").getAttribute("data-mode")).toBe("live");
    expect(await popup.getByTestId("popup-click-id").textContent()).toMatch(/^clk_/);
    expect(await popup.getByTestId("popup-devtools").textContent()).toContain("Selgeo");
    await expectAccessible(popup, "popup, healthy page");
    await popup.screenshot({ path: join(ARTIFACTS, "extension-popup-healthy.png") });

    await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByTestId("popup").waitFor();
    await expect
      .poll(() => popup.getByTestId("health-sentence").textContent())
      .toBe("No Selgeo snippet on this page: no click can be recorded here.");
    await expectAccessible(popup, "popup, page without Selgeo");
    await popup.close();
  });

  it("keeps the earlier page in the timeline only with Preserve log", async () => {
    const panel = await context.newPage();
    await panel.goto(panelUrl(extensionId, tabId));
    await panel.locator('[data-testid="panel"][data-ready="true"]').waitFor();
    await expect.poll(() => panel.locator(".event-navigation").count()).toBe(1);
    await panel.getByTestId("preserve-log").check();
    await expect.poll(() => panel.locator(".event-navigation").count()).toBe(2);
    await expect
      .poll(() => panel.getByTestId("timeline").textContent())
      .toContain("/api/v1/clicks");
    await panel.screenshot({
      path: join(ARTIFACTS, "extension-panel-preserve-log.png"),
      fullPage: true,
    });
    await panel.close();
  });

  it("exports a support bundle that validates, masks keys and keeps request ids", async () => {
    const panel = await context.newPage();
    await panel.goto(panelUrl(extensionId, tabId));
    await panel.locator('[data-testid="panel"][data-ready="true"]').waitFor();
    await panel.getByTestId("preserve-log").check();
    const [download] = await Promise.all([
      panel.waitForEvent("download"),
      panel.getByTestId("export-bundle").click(),
    ]);
    const path = join(ARTIFACTS, "extension-support-bundle.json");
    await download.saveAs(path);
    const text = readFileSync(path, "utf8");
    const bundle = parseSupportBundle(JSON.parse(text));
    expect(bundle.findings.map((f) => f.id)).toEqual(["snippet-missing"]);
    expect(bundle.pages).toHaveLength(2);
    expect(bundle.requestIds.length).toBeGreaterThanOrEqual(2);
    expect(bundle.requestIds.every((id) => id.startsWith("req_"))).toBe(true);
    expect(text).not.toContain(api.merchant.keys.pk_live);
    expect(text).toContain(`pk_live_…${api.merchant.keys.pk_live.slice(-4)}`);
    await panel.close();
  });

  it("clears the tab's log", async () => {
    const panel = await context.newPage();
    await panel.goto(panelUrl(extensionId, tabId));
    await panel.locator('[data-testid="panel"][data-ready="true"]').waitFor();
    await panel.getByTestId("clear").click();
    await expect.poll(() => panel.locator(".timeline li").count()).toBe(0);
    await panel.close();
  });
});

// The panel and the popup in every finding state of the troubleshooting guide's cause pages
// (healthy, each root cause, test mode), in real Chromium with the built extension: the health
// header names the page's root cause (or says healthy), and a screenshot of each state is saved
// under tests/artifacts/ for people to look at (docs/img/ holds a couple of them).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findTabId,
  openControlPage,
  panelUrl,
  selgeoExtensionId,
  waitForSession,
} from "../../extension/automation/driver";
import { type Cause, causes } from "../fixtures/extension/causes";
import { type MerchantSite, startMerchantSite } from "../fixtures/extension/merchantSite";
import { chromiumOrSkip, type ExtensionContext, launchWithExtensions } from "../support/browser";
import { Harness } from "../support/harness";
import { type Listening, listen } from "../support/http-server";

const ROOT = join(import.meta.dirname, "..", "..");
const EXTENSION_DIR = join(ROOT, ".output", "chrome-mv3");
const BLOCKER_DIR = join(ROOT, "tests", "fixtures", "extension", "blocker");
const SHOTS = join(ROOT, "tests", "artifacts", "extension-states");
const VISITOR_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

const canRun = chromiumOrSkip("extension screenshots e2e");

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!canRun)("Selgeo panel and popup in every finding state", () => {
  let api: Harness;
  let limited: Harness;
  let servers: Listening[] = [];
  let site: MerchantSite;
  let browser: ExtensionContext;
  let context: BrowserContext;
  let viewer: Page;
  let extensionId: string;
  let cases: Cause[] = [];
  const tabs = new Map<string, number>();

  beforeAll(async () => {
    if (!existsSync(join(EXTENSION_DIR, "manifest.json"))) {
      execFileSync("npx", ["wxt", "build"], { cwd: ROOT, stdio: "ignore" });
    }
    mkdirSync(SHOTS, { recursive: true });
    api = await Harness.init();
    limited = await Harness.init({ rateLimitPerMinute: 1 });
    const apiServer = await listen(api.app, { services: api.services });
    const limitedServer = await listen(limited.app, { services: limited.services });
    servers = [apiServer, limitedServer];
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
    browser = await launchWithExtensions([EXTENSION_DIR, BLOCKER_DIR]);
    context = browser.context;
    await context.setExtraHTTPHeaders({ "User-Agent": VISITOR_USER_AGENT });
    extensionId = await selgeoExtensionId(context);
    const control = await openControlPage(context, extensionId);
    viewer = await context.newPage();
    await Promise.all(
      cases.map(async (c) => {
        const url = site.url(c.page.name, c.query);
        const tab = await context.newPage();
        await tab.goto(url);
        const tabId = await findTabId(control, url);
        await waitForSession(control, tabId, { timeoutMs: 30_000 });
        tabs.set(c.page.name, tabId);
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await Promise.all(servers.map((s) => s.close()));
    await api?.close();
    await limited?.close();
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

  it.each(names)(
    "%s: the health header names the root cause; panel and popup saved",
    async (name) => {
      const cause = cases.find((c) => c.page.name === name)!;
      const tabId = tabs.get(name)!;
      await viewer.setViewportSize({ width: 1100, height: 700 });
      await viewer.goto(panelUrl(extensionId, tabId));
      await viewer.locator('[data-testid="panel"][data-ready="true"]').waitFor({ timeout: 10_000 });
      const health = viewer.getByTestId("health");
      const tone = await health.getAttribute("data-tone");
      const rootId = await health.getAttribute("data-root-id");
      const sentence = (await viewer.getByTestId("health-sentence").textContent()) ?? "";
      if (name === "healthy") {
        expect(tone, sentence).toBe("ok");
        expect(sentence).toMatch(/^Healthy: /);
      } else if (name === "missing") {
        expect(tone, sentence).toBe("none");
        expect(rootId).toBe("snippet-missing");
      } else if (name === "testkey") {
        // Expected on a development host (info), so the page stays healthy, but loudly in test mode.
        expect(await viewer.getByTestId("mode-banner").isVisible()).toBe(true);
        expect(await viewer.getByTestId("mode-badge").getAttribute("data-mode")).toBe("test");
      } else if (rootId) {
        expect(cause.expected, sentence).toContain(rootId);
        expect(["error", "warning"]).toContain(tone);
        const root = viewer.locator(`[data-testid="finding"][data-finding-id="${rootId}"]`);
        expect(await root.count()).toBe(1);
      } else {
        // An info-only cause (e.g. no ref on a development host): healthy, with the finding listed.
        expect(tone, sentence).toBe("ok");
        for (const id of cause.expected) {
          expect(await viewer.locator(`[data-finding-id="${id}"]`).count()).toBe(1);
        }
      }
      await viewer.screenshot({ path: join(SHOTS, `panel-${name}.png`), fullPage: true });
      if (name === "healthy" || name === "ratelimited") {
        await viewer.getByTestId("tab-network").click();
        await viewer.screenshot({ path: join(SHOTS, `panel-${name}-network.png`), fullPage: true });
        await viewer.getByTestId("tab-timeline").click();
        await viewer.screenshot({
          path: join(SHOTS, `panel-${name}-timeline.png`),
          fullPage: true,
        });
      }
      await viewer.setViewportSize({ width: 400, height: 480 });
      await viewer.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
      await viewer.getByTestId("popup").waitFor();
      expect(await viewer.getByTestId("health-sentence").textContent()).toBe(sentence);
      await viewer.screenshot({ path: join(SHOTS, `popup-${name}.png`) });
    },
  );
});

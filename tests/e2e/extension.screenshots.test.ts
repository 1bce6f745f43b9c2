// The panel and the popup in every finding state of the troubleshooting guide's cause pages
// (healthy, each root cause, test mode), in real Chromium with the built extension: the health
// header names the page's root cause (or says healthy), and a screenshot of each state is saved
// under tests/artifacts/ for people to look at (docs/img/ holds a couple of them).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { panelUrl } from "../../extension/automation/driver";
import { type Cause, causes } from "../fixtures/extension/causes";
import { type MerchantSite, startMerchantSite } from "../fixtures/extension/merchantSite";
import { chromiumOrSkip } from "../support/browser";
import {
  ARTIFACTS,
  BLOCKER_DIR,
  launchSelgeoExtension,
  type SelgeoBrowser,
  startCauseServers,
  visitCauses,
} from "../support/extension-browser";

const SHOTS = join(ARTIFACTS, "extension-states");

const canRun = chromiumOrSkip("extension screenshots e2e");

describe.skipIf(!canRun)("Selgeo panel and popup in every finding state", () => {
  let servers: Awaited<ReturnType<typeof startCauseServers>>;
  let site: MerchantSite;
  let selgeo: SelgeoBrowser;
  let viewer: Page;
  let cases: Cause[] = [];
  const tabs = new Map<string, number>();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    servers = await startCauseServers();
    cases = causes(servers.hosts);
    site = await startMerchantSite(cases.map((c) => c.page));
    selgeo = await launchSelgeoExtension([BLOCKER_DIR]);
    viewer = await selgeo.context.newPage();
    for (const [name, { tabId }] of await visitCauses(selgeo, site, cases, 30_000)) {
      tabs.set(name, tabId);
    }
  }, 120_000);

  afterAll(async () => {
    await selgeo?.close();
    await site?.close();
    await servers?.close();
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
      await viewer.goto(panelUrl(selgeo.extensionId, tabId));
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
      await viewer.goto(`chrome-extension://${selgeo.extensionId}/popup.html?tabId=${tabId}`);
      await viewer.getByTestId("popup").waitFor();
      expect(await viewer.getByTestId("health-sentence").textContent()).toBe(sentence);
      await viewer.screenshot({ path: join(SHOTS, `popup-${name}.png`) });
    },
  );
});

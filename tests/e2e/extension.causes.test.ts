// The built extension in real Chromium, one merchant page per cause in the troubleshooting
// guide, in each deployment layout (one origin, CDN + API host, first-party /_selgeo/ proxy; one
// browser per layout): for each, the session the background recorded carries the right finding, and the panel
// page opened for that tab shows it. A healthy page shows no finding and its click id.
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
import type { SessionView } from "../../extension/session/view";
import { verdict } from "../../server/support/doctor/report";
import { type Cause, causes, LAYOUTS, proxyRoutes } from "../fixtures/extension/causes";
import { type MerchantSite, startMerchantSite } from "../fixtures/extension/merchantSite";
import { chromiumOrSkip, type ExtensionContext, launchWithExtensions } from "../support/browser";
import { Harness } from "../support/harness";
import { type Listening, listen } from "../support/http-server";

const ROOT = join(import.meta.dirname, "..", "..");
const EXTENSION_DIR = join(ROOT, ".output", "chrome-mv3");
const BLOCKER_DIR = join(ROOT, "tests", "fixtures", "extension", "blocker");
const ARTIFACTS = join(ROOT, "tests", "artifacts");

const VISITOR_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

const canRun = chromiumOrSkip("extension e2e");

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!canRun).each(LAYOUTS)(
  "Selgeo extension in Chromium, layout %s: one page per cause",
  (layout) => {
    let api: Harness;
    let limited: Harness;
    let servers: Listening[] = [];
    let site: MerchantSite;
    let browser: ExtensionContext;
    let context: BrowserContext;
    let control: Page;
    let panel: Page;
    let extensionId: string;
    let cases: Cause[];
    const sessions = new Map<string, { tabId: number; view: SessionView; timedOut: boolean }>();

    beforeAll(async () => {
      if (!existsSync(join(EXTENSION_DIR, "manifest.json"))) {
        execFileSync("npx", ["wxt", "build"], { cwd: ROOT, stdio: "ignore" });
      }
      mkdirSync(ARTIFACTS, { recursive: true });
      api = await Harness.init();
      limited = await Harness.init({ rateLimitPerMinute: 1 });
      const apiServer = await listen(api.app, { services: api.services });
      const limitedServer = await listen(limited.app, { services: limited.services });
      servers = [apiServer, limitedServer];
      // Use up the limited server's one request a minute, so the page's click gets 429.
      await limited.click("demo", { key: limited.merchant.keys.pk_live });
      const hosts = {
        apiPort: apiServer.port,
        limitedPort: limitedServer.port,
        closedPort: await closedPort(),
        keys: api.merchant.keys,
        limitedLiveKey: limited.merchant.keys.pk_live,
        unknownKey: `pk_live_${"Z".repeat(30)}`,
      };
      cases = causes(hosts, layout);
      site = await startMerchantSite(
        cases.map((c) => c.page),
        proxyRoutes(layout, hosts),
      );
      browser = await launchWithExtensions([EXTENSION_DIR, BLOCKER_DIR]);
      context = browser.context;
      // Headless Chromium says "HeadlessChrome", which the API rightly treats as a bot and does
      // not count; these pages play a real visitor.
      await context.setExtraHTTPHeaders({ "User-Agent": VISITOR_USER_AGENT });
      extensionId = await selgeoExtensionId(context);
      control = await openControlPage(context, extensionId);
      panel = await context.newPage();
      // All pages at once: each waits ~2 s to settle, so in parallel the suite stays quick.
      await Promise.all(
        cases.map(async (c) => {
          const url = site.url(c.page.name, c.query);
          const tab = await context.newPage();
          await tab.goto(url);
          const tabId = await findTabId(control, url);
          sessions.set(c.page.name, {
            tabId,
            ...(await waitForSession(control, tabId, { timeoutMs: 45_000 })),
          });
        }),
      );
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await site?.close();
      await Promise.all(servers.map((s) => s.close()));
      await api?.close();
      await limited?.close();
    });

    async function showPanel(name: string, tabId: number) {
      await panel.goto(panelUrl(extensionId, tabId));
      await panel.locator('[data-testid="panel"][data-ready="true"]').waitFor({ timeout: 10_000 });
      await panel.screenshot({
        path: join(ARTIFACTS, `extension-panel-${layout}-${name}.png`),
        fullPage: true,
      });
    }

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
      "notselgeo",
    ];

    it.each(names)(
      "%s: the recorded session and the panel show the right finding",
      async (name) => {
        const cause = cases.find((c) => c.page.name === name)!;
        const session = sessions.get(name)!;
        const ids = session.view.findings.map((f) => f.id);
        expect(
          session.timedOut,
          `session for ${name} never became ready: ${JSON.stringify(session.view.status)}`,
        ).toBe(false);
        const context = `${name}: ${JSON.stringify(session.view.status)}\n${session.view.timeline
          .map((e) => JSON.stringify(e.event))
          .join("\n")}`;
        if (cause.expected.length === 0) expect(ids, context).toEqual([]);
        for (const id of cause.expected) expect(ids, context).toContain(id);
        const first = session.view.findings.find((f) => f.id === cause.expected[0]);
        if (cause.severity) expect(first?.severity, context).toBe(cause.severity);
        if (cause.evidence) expect(first?.evidence.join("\n"), context).toMatch(cause.evidence);
        // What `selgeo doctor` would exit with on this page.
        expect(verdict(session.view.findings, !session.timedOut).exitCode, context).toBe(
          cause.exitCode,
        );
        await showPanel(name, session.tabId);
        for (const id of cause.expected) {
          await expect.poll(() => panel.locator(`[data-finding-id="${id}"]`).count()).toBe(1);
        }
        if (cause.expected.length === 0) {
          await expect.poll(() => panel.getByTestId("no-findings").count()).toBe(1);
          expect(session.view.status.clickId).toMatch(/^clk_/);
          await expect
            .poll(() => panel.getByTestId("status-click-id").textContent())
            .toBe(session.view.status.clickId);
        }
      },
    );
  },
);

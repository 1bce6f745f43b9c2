// The built extension in real Chromium, one merchant page per cause in the troubleshooting
// guide, in each deployment layout (one origin, CDN + API host, first-party /_selgeo/ proxy; one
// browser per layout): for each, the session the background recorded carries the right finding, and the panel
// page opened for that tab shows it. A healthy page shows no finding and its click id.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { panelUrl } from "../../extension/automation/driver";
import { verdict } from "../../server/support/doctor/report";
import { type Cause, causes, LAYOUTS, proxyRoutes } from "../fixtures/extension/causes";
import { type MerchantSite, startMerchantSite } from "../fixtures/extension/merchantSite";
import { chromiumOrSkip } from "../support/browser";
import {
  ARTIFACTS,
  BLOCKER_DIR,
  launchSelgeoExtension,
  type SelgeoBrowser,
  startCauseServers,
  type VisitedCause,
  visitCauses,
} from "../support/extension-browser";

const canRun = chromiumOrSkip("extension e2e");

describe.skipIf(!canRun).each(LAYOUTS)(
  "Selgeo extension in Chromium, layout %s: one page per cause",
  (layout) => {
    let servers: Awaited<ReturnType<typeof startCauseServers>>;
    let site: MerchantSite;
    let selgeo: SelgeoBrowser;
    let panel: Page;
    let cases: Cause[];
    let sessions: Map<string, VisitedCause>;

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      servers = await startCauseServers();
      cases = causes(servers.hosts, layout);
      site = await startMerchantSite(
        cases.map((c) => c.page),
        proxyRoutes(layout, servers.hosts),
      );
      selgeo = await launchSelgeoExtension([BLOCKER_DIR]);
      panel = await selgeo.context.newPage();
      sessions = await visitCauses(selgeo, site, cases, 45_000);
    }, 180_000);

    afterAll(async () => {
      await selgeo?.close();
      await site?.close();
      await servers?.close();
    });

    async function showPanel(name: string, tabId: number) {
      await panel.goto(panelUrl(selgeo.extensionId, tabId));
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

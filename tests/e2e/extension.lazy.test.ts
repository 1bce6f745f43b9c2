// selgeo-lazy.js, the part selgeo.js loads on demand, refused while selgeo.js itself runs: the
// built extension in real Chromium must name each cause by itself (the troubleshooting guide's
// rule: every client-side cause is the extension's to detect). The click request leaves from
// selgeo.js and is counted (201); what the lazy part does — store the click, decorate links — is
// lost. Hosts as in extension.causes.test.ts (the CDN + API layout, *.selgeo.test on loopback);
// the test blocker blocks selgeo-lazy.js on lazyblocked.selgeo.test only.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { panelUrl, readSession } from "../../extension/automation/driver";
import { verdict } from "../../server/support/doctor/report";
import { buildSnippet } from "../../snippet/build";
import type { Cause, CauseHosts } from "../fixtures/extension/causes";
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

function lazyCauses(h: CauseHosts, mainFile: string): Cause[] {
  const cdn = `http://cdn.selgeo.test:${h.apiPort}`;
  const api = `http://api.selgeo.test:${h.apiPort}`;
  const tag = (src: string) =>
    `<script src="${src}" data-merchant="${h.keys.pk_live}" data-api="${api}" async></script>`;
  const paymentLink = '<a href="https://buy.stripe.com/test_00wLazy">Buy now</a>';
  const byPath = (...files: string[]) =>
    `default-src 'self'; script-src 'self' ${files.join(" ")}; connect-src 'self' ${api}`;
  return [
    {
      // Both files named by their full paths: allowed, nothing to report.
      page: {
        name: "bothnamed",
        body: tag(`${cdn}/v1/selgeo.js`) + paymentLink,
        csp: byPath(`${cdn}/v1/selgeo.js`, `${cdn}/v1/selgeo-lazy.js`),
      },
      query: "?ref=demo",
      expected: [],
      exitCode: 0,
    },
    {
      page: {
        name: "lazycsp",
        body: tag(`${cdn}/v1/selgeo.js`) + paymentLink,
        csp: byPath(`${cdn}/v1/selgeo.js`),
      },
      query: "?ref=demo",
      expected: ["lazy-csp-script-src"],
      severity: "error",
      evidence:
        /Blocked by CSP script-src-elem: http:\/\/cdn\.selgeo\.test:\d+(\/v1\/selgeo-lazy\.js)?\n/,
      exitCode: 1,
    },
    {
      // Self-hosted: the merchant copied selgeo.js and not its sibling.
      page: {
        name: "lazynotfound",
        body: tag("/assets/selgeo.js"),
        scripts: { "/assets/selgeo.js": mainFile, "/assets/selgeo-lazy.js": null },
      },
      query: "?ref=demo",
      expected: ["lazy-not-found"],
      severity: "error",
      evidence: /GET http:\/\/lazynotfound\.shop\.selgeo\.test:\d+\/assets\/selgeo-lazy\.js → 404/,
      exitCode: 1,
    },
    {
      page: {
        name: "lazyblocked",
        body: tag(`http://lazyblocked.selgeo.test:${h.apiPort}/v1/selgeo.js`),
      },
      query: "?ref=demo",
      expected: ["lazy-blocked-by-client"],
      severity: "error",
      evidence: /selgeo-lazy\.js → net::ERR_BLOCKED_BY_CLIENT/,
      exitCode: 1,
    },
  ];
}

describe.skipIf(!canRun)("Selgeo extension in Chromium: selgeo-lazy.js refused", () => {
  let servers: Awaited<ReturnType<typeof startCauseServers>>;
  let site: MerchantSite;
  let selgeo: SelgeoBrowser;
  let panel: Page;
  let cases: Cause[];
  let sessions: Map<string, VisitedCause>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    servers = await startCauseServers();
    cases = lazyCauses(servers.hosts, await buildSnippet());
    site = await startMerchantSite(cases.map((c) => c.page));
    selgeo = await launchSelgeoExtension([BLOCKER_DIR]);
    panel = await selgeo.context.newPage();
    sessions = await visitCauses(selgeo, site, cases, 45_000);
  }, 180_000);

  afterAll(async () => {
    await selgeo?.close();
    await site?.close();
    await servers?.close();
  });

  const context = (name: string) => {
    const session = sessions.get(name)!;
    return `${name}: ${JSON.stringify(session.view.status)}\n${session.view.timeline
      .map((e) => JSON.stringify(e.event))
      .join("\n")}`;
  };

  it.each(["bothnamed", "lazycsp", "lazynotfound", "lazyblocked"])(
    "%s: the recorded session and the panel show the right finding",
    async (name) => {
      const cause = cases.find((c) => c.page.name === name)!;
      const session = sessions.get(name)!;
      const ids = session.view.findings.map((f) => f.id);
      expect(session.timedOut, context(name)).toBe(false);
      if (cause.expected.length === 0) expect(ids, context(name)).toEqual([]);
      else expect(ids, context(name)).toEqual(cause.expected);
      const first = session.view.findings[0];
      if (cause.severity) expect(first?.severity, context(name)).toBe(cause.severity);
      if (cause.evidence) expect(first?.evidence.join("\n"), context(name)).toMatch(cause.evidence);
      expect(verdict(session.view.findings, !session.timedOut).exitCode).toBe(cause.exitCode);
      await panel.goto(panelUrl(selgeo.extensionId, session.tabId));
      await panel.locator('[data-testid="panel"][data-ready="true"]').waitFor({ timeout: 10_000 });
      await panel.screenshot({ path: join(ARTIFACTS, `extension-panel-lazy-${name}.png`) });
      for (const id of cause.expected) {
        await expect.poll(() => panel.locator(`[data-finding-id="${id}"]`).count()).toBe(1);
      }
    },
  );

  it("selgeo.js ran and its click was counted, but no click id was stored: the consequence", async () => {
    for (const name of ["lazycsp", "lazynotfound", "lazyblocked"]) {
      const { view, tabId } = sessions.get(name)!;
      expect(view.status, context(name)).toMatchObject({ snippet: "loaded", clickId: null });
      expect(view.findings[0]?.consequences.map((f) => f.id)).toEqual(["click-not-recorded"]);
      // The finding may settle before the click's answer is in (nothing waits for a lazy part
      // that cannot run): read the session again until it is.
      const click = async () =>
        (await readSession(selgeo.control, tabId)).timeline.find(
          (e) => e.event.kind === "request" && e.event.url.endsWith("/api/v1/clicks"),
        )?.event;
      await expect.poll(click, { timeout: 10_000 }).toMatchObject({ method: "POST" });
      // Recorded (201), or this test visitor's click of the last hour found again (200).
      const answered = await click();
      expect([200, 201], context(name)).toContain(answered?.kind === "request" && answered.status);
    }
  });

  it("the CSP fix names selgeo-lazy.js beside selgeo.js in the page's own policy", () => {
    const finding = sessions.get("lazycsp")!.view.findings[0]!;
    const lazy = `http://cdn.selgeo.test:${servers.hosts.apiPort}/v1/selgeo-lazy.js`;
    expect(finding.fix).toContain(`Add ${lazy} beside selgeo.js in your script-src`);
    expect(finding.fix).toMatch(
      new RegExp(
        `^Content-Security-Policy: default-src 'self'; script-src 'self' \\S+/v1/selgeo\\.js ${lazy.replaceAll(".", "\\.")}; connect-src`,
        "m",
      ),
    );
  });

  it("a healthy page whose policy names both files stores the click and decorates the link", () => {
    const { view } = sessions.get("bothnamed")!;
    const clickId = view.status.clickId;
    expect(clickId, context("bothnamed")).toMatch(/^clk_/);
    expect(view.observations.stripeLinks.map((l) => l.clientReferenceId)).toEqual([clickId]);
    // Recorded as the lazy part's request, never as the snippet's own or an API call. (selgeo.js
    // itself may come from the memory cache, which webRequest does not see.)
    const lazy = view.observations.lazyRequest;
    expect(lazy, context("bothnamed")).toMatchObject({ status: 200 });
    expect(lazy?.url).toMatch(/\/v1\/selgeo-lazy\.js$/);
    expect(view.observations.snippetRequest?.url).not.toBe(lazy?.url);
    expect(view.observations.apiRequests.map((r) => r.url)).not.toContain(lazy?.url);
  });
});

// Hostile pages against the built extension in real Chromium: a page without Selgeo leaves
// nothing in the extension's IndexedDB (even when it fakes the snippet's debug events), and a
// page with a Selgeo tag that floods huge debug events cannot grow its stored record past the
// caps of extension/store/caps.ts.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findTabId,
  panelUrl,
  readSession,
  waitForSession,
} from "../../extension/automation/driver";
import { MAX_DEBUG_EVENT_CHARS, MAX_EVENT_CHARS, MAX_PAGE_CHARS } from "../../extension/store/caps";
import { ENTRIES_KEPT_PER_PAGE } from "../../extension/store/sessionStore";
import { type MerchantSite, startMerchantSite } from "../fixtures/extension/merchantSite";
import { chromiumOrSkip } from "../support/browser";
import { launchSelgeoExtension, type SelgeoBrowser } from "../support/extension-browser";
import { Harness } from "../support/harness";
import { type Listening, listen } from "../support/http-server";

const FLOOD = 600;

const canRun = chromiumOrSkip("extension hostile-page e2e");

/** What the extension's IndexedDB holds for a tab, read from one of its own pages. */
function storedFor(control: Page, tabId: number) {
  return control.evaluate(async (tab) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("selgeo-sessions");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const pages = (await all<{ tabId: number }>("pages")).filter((p) => p.tabId === tab);
    const entries = (await all<{ tabId: number; event: { kind: string } }>("entries")).filter(
      (e) => e.tabId === tab,
    );
    db.close();
    const sizes = entries.map((e) => ({
      kind: e.event.kind,
      chars: JSON.stringify(e.event).length,
    }));
    return { pages: pages.length, sizes };
  }, tabId);
}

describe.skipIf(!canRun)("Selgeo extension against hostile pages", () => {
  let api: Harness;
  let server: Listening;
  let site: MerchantSite;
  let selgeo: SelgeoBrowser;
  let context: SelgeoBrowser["context"];
  let control: Page;
  let extensionId: string;

  beforeAll(async () => {
    api = await Harness.init();
    server = await listen(api.app, { services: api.services });
    const cdn = `http://cdn.selgeo.test:${server.port}`;
    const flood = (n: number, size: number) =>
      `<script>addEventListener("load", () => setTimeout(() => { const blob = "x".repeat(${size}); for (let i = 0; i < ${n}; i++) dispatchEvent(new CustomEvent("selgeo:debug", { detail: { type: "flood", i, blob } })); }, 300));</script>`;
    site = await startMerchantSite([
      {
        name: "plain",
        // No Selgeo at all, but it plays the snippet's debug events and has a big DOM.
        body: `${'<a href="https://example.com/">link</a>'.repeat(2000)}${flood(200, 2000)}`,
      },
      {
        name: "flooder",
        body: `<script src="${cdn}/v1/selgeo.js" data-merchant="${api.merchant.keys.pk_live}" data-api="http://api.selgeo.test:${server.port}" async></script>${'<a href="https://buy.stripe.com/test_flood">Buy</a>'.repeat(3000)}${flood(FLOOD, 10_000)}`,
      },
    ]);
    selgeo = await launchSelgeoExtension();
    ({ context, control, extensionId } = selgeo);
  }, 90_000);

  afterAll(async () => {
    await selgeo?.close();
    await site?.close();
    await server?.close();
    await api?.close();
  });

  it("stores nothing for a page without a Selgeo tag or request", async () => {
    const tab = await context.newPage();
    const url = site.url("plain", "?ref=demo");
    await tab.goto(url);
    const tabId = await findTabId(control, url);
    const { view, timedOut } = await waitForSession(control, tabId, { timeoutMs: 30_000 });
    expect(timedOut).toBe(false);
    // Its fake debug events came after load; give them time to arrive if they were relayed.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(view.findings.map((f) => f.id)).toEqual(["snippet-missing"]);
    expect((await readSession(control, tabId)).stored).toBe(false);
    expect(await storedFor(control, tabId)).toEqual({ pages: 0, sizes: [] });
    const after = await readSession(control, tabId);
    expect(after.timeline.some((e) => e.event.kind === "debug_event")).toBe(false);
    await tab.close();
  });

  it("keeps a flooding Selgeo page's stored record within its caps", async () => {
    const tab = await context.newPage();
    const url = site.url("flooder", "?ref=demo");
    await tab.goto(url);
    const tabId = await findTabId(control, url);
    await waitForSession(control, tabId, { timeoutMs: 30_000 });
    // Wait until every flood event was either stored or counted as dropped.
    const deadline = Date.now() + 60_000;
    let view = await readSession(control, tabId);
    const floodSeen = (v: typeof view) =>
      v.timeline.filter((e) => e.event.kind === "debug_event" && e.event.event.type === "flood")
        .length + (v.dropped ?? 0);
    while (floodSeen(view) < FLOOD && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      view = await readSession(control, tabId);
    }
    expect(
      floodSeen(view),
      `dropped ${view.dropped}, entries ${view.timeline.length}`,
    ).toBeGreaterThanOrEqual(FLOOD);
    expect(view.stored).toBe(true);
    expect(view.dropped).toBeGreaterThan(0);

    const stored = await storedFor(control, tabId);
    expect(stored.pages).toBe(1);
    const total = stored.sizes.reduce((sum, s) => sum + s.chars, 0);
    expect(total).toBeLessThanOrEqual(MAX_PAGE_CHARS);
    expect(stored.sizes.length).toBeLessThanOrEqual(ENTRIES_KEPT_PER_PAGE);
    for (const s of stored.sizes) {
      expect(s.chars).toBeLessThanOrEqual(
        s.kind === "debug_event" ? MAX_DEBUG_EVENT_CHARS : MAX_EVENT_CHARS,
      );
    }
    // The flood came after the snippet's own work: the diagnosis still holds.
    expect(view.status.clickId).toMatch(/^clk_/);
    const truncated = view.timeline.filter((e) => e.event.truncated);
    expect(truncated.length).toBeGreaterThan(0);

    const panel = await context.newPage();
    await panel.goto(panelUrl(extensionId, tabId));
    await panel.getByTestId("tab-timeline").click();
    expect(await panel.getByTestId("dropped").textContent()).toContain("size limit");
    await panel.close();
    await tab.close();
  }, 120_000);
});

// How an automated driver (the e2e tests, `selgeo doctor`) reads what the extension recorded for
// a tab, through Playwright: find the extension, find the tab by its URL, wait until the
// session is ready, read it. It only uses the public message API (extension/messaging/api.ts)
// from an extension page, exactly as the panel does.
import type { BrowserContext, Page } from "playwright-core";
import type { SupportBundle } from "../bundle/schema";
import type { TabSummary } from "../messaging/api";
import type { SessionView } from "../session/view";

export const PANEL_PATH = "devtools-panel.html";

/** The part of the `chrome` global the driver's in-page functions use. */
interface ChromeGlobal {
  chrome: {
    runtime: { getManifest(): { name: string }; sendMessage(message: unknown): Promise<unknown> };
  };
}

/** The id of the loaded Selgeo extension (its MV3 service worker's host). */
export async function selgeoExtensionId(
  context: BrowserContext,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const worker of context.serviceWorkers()) {
      const url = new URL(worker.url());
      if (url.protocol !== "chrome-extension:") continue;
      const name = await worker
        .evaluate(() => (globalThis as unknown as ChromeGlobal).chrome.runtime.getManifest().name)
        .catch(() => null);
      if (name === "Selgeo") return url.host;
    }
    await context.waitForEvent("serviceworker", { timeout: 500 }).catch(() => undefined);
  }
  throw new Error("The Selgeo extension is not loaded (no service worker named Selgeo).");
}

export function panelUrl(extensionId: string, tabId?: number): string {
  return `chrome-extension://${extensionId}/${PANEL_PATH}${tabId === undefined ? "" : `?tabId=${tabId}`}`;
}

/** An extension page to send messages from; it stays open for the driver's whole run. */
export async function openControlPage(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(panelUrl(extensionId));
  return page;
}

function send<T>(control: Page, message: unknown): Promise<T> {
  return control.evaluate(
    (m) => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage(m),
    message,
  ) as Promise<T>;
}

export async function findTabId(control: Page, pageUrl: string): Promise<number> {
  const tabs = await send<TabSummary[]>(control, { type: "selgeo:list-tabs" });
  const tab = tabs.find((t) => t.url === pageUrl) ?? tabs.find((t) => t.url.startsWith(pageUrl));
  if (!tab) throw new Error(`No tab shows ${pageUrl}`);
  return tab.tabId;
}

export function readSession(
  control: Page,
  tabId: number,
  preserveLog = false,
): Promise<SessionView> {
  return send<SessionView>(control, { type: "selgeo:get-session", tabId, preserveLog });
}

export function exportBundle(control: Page, tabId: number): Promise<SupportBundle> {
  return send<SupportBundle>(control, { type: "selgeo:export-bundle", tabId });
}

/** Polls until the session is `ready` (settled, key checked); returns the last view on timeout. */
export async function waitForSession(
  control: Page,
  tabId: number,
  { timeoutMs = 15_000, intervalMs = 250 } = {},
): Promise<{ view: SessionView; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  let view = await readSession(control, tabId);
  while (!view.ready && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    view = await readSession(control, tabId);
  }
  return { view, timedOut: !view.ready };
}

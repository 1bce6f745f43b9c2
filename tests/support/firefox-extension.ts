// Drives a WebExtension in Firefox through Marionette, the way extension/automation/driver.ts
// does in Chromium through Playwright: install it as a temporary add-on, open one of its pages in
// a tab, and talk to its background with the public message API (extension/messaging/api.ts)
// from that page.
import type { TabSummary } from "../../extension/messaging/api";
import type { SessionView } from "../../extension/session/view";
import type { Marionette } from "./marionette";

/** A fixed moz-extension:// host for an add-on id (pref `extensions.webextensions.uuids`). */
export function extensionUuidPrefs(uuids: Record<string, string>): Record<string, string> {
  return { "extensions.webextensions.uuids": JSON.stringify(uuids) };
}

export async function installTemporaryAddon(marionette: Marionette, dir: string): Promise<string> {
  const result = await marionette.request<{ value: string }>("Addon:Install", {
    path: dir,
    temporary: true,
  });
  return result.value;
}

export async function windowHandles(marionette: Marionette): Promise<string[]> {
  return marionette.request<string[]>("WebDriver:GetWindowHandles");
}

/** Runs `script` (a function body; `arguments` holds `args`) in the current tab; awaits promises. */
export async function execute<T>(
  marionette: Marionette,
  script: string,
  args: unknown[] = [],
): Promise<T> {
  const result = await marionette.request<{ value: T }>("WebDriver:ExecuteScript", {
    script,
    args,
  });
  return result.value;
}

async function inChrome<T>(marionette: Marionette, run: () => Promise<T>): Promise<T> {
  await marionette.request("Marionette:SetContext", { value: "chrome" });
  try {
    return await run();
  } finally {
    await marionette.request("Marionette:SetContext", { value: "content" });
  }
}

/**
 * Opens an extension page in a new background tab and returns its window handle. WebDriver may
 * not navigate to moz-extension:// URLs, so the tab is opened from the browser's chrome.
 */
export async function openExtensionTab(marionette: Marionette, url: string): Promise<string> {
  const before = await windowHandles(marionette);
  await inChrome(marionette, () =>
    execute(
      marionette,
      `const win = Services.wm.getMostRecentWindow("navigator:browser");
       win.gBrowser.addTab(arguments[0], {
         triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
       });`,
      [url],
    ),
  );
  const handle = (await windowHandles(marionette)).find((h) => !before.includes(h));
  if (!handle) throw new Error(`No tab opened for ${url}`);
  return handle;
}

/** Makes `handle` the tab commands go to; `focus` also brings it to the foreground. */
export async function switchToTab(marionette: Marionette, handle: string, focus: boolean) {
  await marionette.request("WebDriver:SwitchToWindow", { handle, focus });
}

/** Error-level console messages about CSP that came from the extension's own pages. */
export function extensionCspErrors(marionette: Marionette, uuid: string): Promise<string[]> {
  return inChrome(marionette, () =>
    execute<string[]>(
      marionette,
      `return Services.console.getMessageArray()
         .filter((m) => m instanceof Ci.nsIScriptError)
         .filter((m) => m.category.startsWith("CSP") && m.sourceName.startsWith(arguments[0]))
         .map((m) => m.sourceName + ": " + m.errorMessage);`,
      [`moz-extension://${uuid}/`],
    ),
  );
}

/**
 * Sends a message to the background from the current tab, which must show one of the
 * extension's pages.
 */
export function sendToBackground<T>(marionette: Marionette, message: unknown): Promise<T> {
  return execute<T>(marionette, "return browser.runtime.sendMessage(arguments[0]);", [message]);
}

export async function findTabId(marionette: Marionette, pageUrl: string): Promise<number> {
  const tabs = await sendToBackground<TabSummary[]>(marionette, { type: "selgeo:list-tabs" });
  const tab = tabs.find((t) => t.url === pageUrl) ?? tabs.find((t) => t.url.startsWith(pageUrl));
  if (!tab) throw new Error(`No tab shows ${pageUrl}: ${JSON.stringify(tabs)}`);
  return tab.tabId;
}

/** Polls until the session is `ready` (settled, key checked); returns the last view on timeout. */
export async function waitForSession(
  marionette: Marionette,
  tabId: number,
  { timeoutMs = 30_000, intervalMs = 250 } = {},
): Promise<{ view: SessionView; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  const read = () =>
    sendToBackground<SessionView>(marionette, { type: "selgeo:get-session", tabId });
  let view = await read();
  while (!view.ready && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    view = await read();
  }
  return { view, timedOut: !view.ready };
}

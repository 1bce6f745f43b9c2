// Which tab a panel shows: the inspected window inside DevTools, or `?tabId=N` when the panel
// page is opened on its own (by `selgeo doctor`, the e2e tests, or a support engineer).
import browser from "webextension-polyfill";

export function targetTabId(location: Location): number | null {
  const fromQuery = new URLSearchParams(location.search).get("tabId");
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  return browser.devtools?.inspectedWindow?.tabId ?? null;
}

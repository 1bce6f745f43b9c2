// Typed wrappers the panel and popup use to ask the background (see ./api.ts for the protocol).
import browser from "webextension-polyfill";
import type { SupportBundle } from "../bundle/schema";
import type { SessionView } from "../session/view";
import type { BackgroundRequest, TabSummary } from "./api";

async function ask<T>(request: BackgroundRequest): Promise<T> {
  return (await browser.runtime.sendMessage(request)) as T;
}

export const background = {
  listTabs: () => ask<TabSummary[]>({ type: "selgeo:list-tabs" }),
  getSession: (tabId: number, preserveLog = false) =>
    ask<SessionView>({ type: "selgeo:get-session", tabId, preserveLog }),
  exportBundle: (tabId: number, preserveLog = false) =>
    ask<SupportBundle>({ type: "selgeo:export-bundle", tabId, preserveLog }),
  clearSession: (tabId: number) => ask<{ cleared: true }>({ type: "selgeo:clear-session", tabId }),
};

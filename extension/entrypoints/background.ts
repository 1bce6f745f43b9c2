// Background service worker: wires the browser's events to the Recorder and answers the
// messages of extension/messaging/api.ts. Listeners are added synchronously at start-up so a
// restarted worker receives the event that woke it.
import "../zodJitless";
import browser, { type Runtime, type WebRequest } from "webextension-polyfill";
import { defineBackground } from "wxt/utils/define-background";
import { buildSupportBundle } from "../bundle/build";
import {
  type BackgroundRequest,
  backgroundRequest,
  LIVE_PORT,
  subscribeMessage,
  type TabSummary,
} from "../messaging/api";
import { LiveSessions } from "../messaging/liveSessions";
import { mayRead } from "../messaging/senders";
import { badgeFor } from "../recorder/badge";
import { checkKey } from "../recorder/keyCheck";
import { fetchProbe } from "../recorder/probe";
import { Recorder } from "../recorder/recorder";
import { RequestTracker } from "../recorder/requestTracker";
import type { SessionView } from "../session/view";
import { SessionDb } from "../store/db";
import { SessionStore } from "../store/sessionStore";

/** A failed write to the session store must not become an unhandled rejection. */
function logFailure(error: unknown): void {
  console.error("Selgeo recorder:", error);
}

export default defineBackground(() => {
  const store = new SessionStore(new SessionDb());
  const action = browser.action ?? browser.browserAction;

  const showBadge = (tabId: number, view: SessionView) => {
    const badge = badgeFor(view.status.health);
    action.setBadgeText({ tabId, text: badge.text }).catch(() => undefined);
    action.setBadgeBackgroundColor({ tabId, color: badge.color }).catch(() => undefined);
  };

  const live = new LiveSessions((tabId, preserveLog) => recorder.session(tabId, preserveLog));
  const recorder = new Recorder({
    store,
    now: Date.now,
    checkKey: (apiBase, key) => checkKey((url, init) => fetch(url, init), apiBase, key),
    probe: fetchProbe((input, init) => fetch(input, init)),
    onSessionChanged: (tabId, view) => {
      showBadge(tabId, view);
      live.changed(tabId, view).catch(logFailure);
    },
  });
  const tracker = new RequestTracker();
  const pages: WebRequest.RequestFilter = { urls: ["http://*/*", "https://*/*"] };

  browser.webRequest.onBeforeRequest.addListener((d) => {
    if (d.tabId < 0) return;
    if (d.type === "main_frame") {
      recorder.mainFrame(d.tabId, d.url, d.timeStamp).catch(logFailure);
      return;
    }
    // Only the top document's requests: the snippet is diagnosed in the page, not its iframes.
    if (d.frameId !== 0) return;
    tracker.start({ ...d, method: d.method, type: d.type });
  }, pages);

  // Status and X-Request-Id as the server sent them, before ORB/CORB/CORS can hide them.
  browser.webRequest.onHeadersReceived.addListener(
    (d) => {
      tracker.headers(d);
      return undefined;
    },
    pages,
    ["responseHeaders"],
  );

  browser.webRequest.onCompleted.addListener(
    (d) => {
      const tracked = tracker.completed(d);
      if (tracked) recorder.request(tracked).catch(logFailure);
    },
    pages,
    ["responseHeaders"],
  );

  browser.webRequest.onErrorOccurred.addListener((d) => {
    const tracked = tracker.failed(d);
    if (tracked) recorder.request(tracked).catch(logFailure);
  }, pages);

  browser.tabs.onRemoved.addListener((tabId) => {
    recorder.tabClosed(tabId).catch(logFailure);
  });
  browser.tabs
    .query({})
    .then((tabs) => store.forgetTabsExcept(tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]))))
    .catch(logFailure);

  async function answer(
    request: BackgroundRequest,
    sender: Runtime.MessageSender,
  ): Promise<unknown> {
    switch (request.type) {
      case "selgeo:observed": {
        const tabId = sender.tab?.id;
        if (tabId === undefined || (sender.frameId ?? 0) !== 0) return { recorded: false };
        await recorder.observed(tabId, request.documentToken, request.event);
        return { recorded: true };
      }
      case "selgeo:get-session":
        return recorder.session(request.tabId, request.preserveLog ?? false);
      case "selgeo:export-bundle":
        return buildSupportBundle(
          await recorder.session(request.tabId, request.preserveLog ?? false),
          {
            exportedAt: new Date(),
            version: browser.runtime.getManifest().version,
            userAgent: navigator.userAgent,
          },
        );
      case "selgeo:clear-session":
        await recorder.clear(request.tabId);
        return { cleared: true };
      case "selgeo:list-tabs": {
        const tabs = await browser.tabs.query({});
        const summaries: TabSummary[] = [];
        for (const tab of tabs) {
          if (tab.id === undefined || !tab.url?.startsWith("http")) continue;
          const view = await recorder.session(tab.id);
          summaries.push({ tabId: tab.id, url: tab.url, health: view.status.health });
        }
        return summaries;
      }
    }
  }

  const extensionBaseUrl = browser.runtime.getURL("/");

  // Live updates for the panel and popup: only the extension's own pages may subscribe.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== LIVE_PORT) return;
    if (!mayRead(port.sender ?? {}, extensionBaseUrl)) {
      port.disconnect();
      return;
    }
    port.onMessage.addListener((message: unknown) => {
      const parsed = subscribeMessage.safeParse(message);
      if (!parsed.success) return;
      live
        .subscribe(port, {
          tabId: parsed.data.tabId,
          preserveLog: parsed.data.preserveLog ?? false,
        })
        .catch(logFailure);
    });
    port.onDisconnect.addListener(() => live.unsubscribe(port));
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    const parsed = backgroundRequest.safeParse(message);
    // Not ours: leave it for other listeners.
    if (!parsed.success) return undefined;
    if (parsed.data.type !== "selgeo:observed" && !mayRead(sender, extensionBaseUrl)) {
      return undefined;
    }
    return answer(parsed.data, sender).catch((error: unknown) => {
      logFailure(error);
      throw error;
    });
  });
});

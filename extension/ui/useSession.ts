// Keeps a tab's session view fresh in a React page by subscribing to the background's pushes
// (extension/messaging/api.ts, LIVE_PORT): the view arrives at once and again after every change,
// with no polling. When the MV3 service worker stops, the port closes; connecting again wakes it.
import { useCallback, useEffect, useState } from "react";
import browser, { type Runtime } from "webextension-polyfill";
import { LIVE_PORT, type SessionPush, type SubscribeMessage } from "../messaging/api";
import { background } from "../messaging/client";
import type { SessionView } from "../session/view";

/** Wait before reconnecting a closed port: a worker restart takes a moment. */
export const RECONNECT_MS = 250;

export function useSession(tabId: number | null, preserveLog: boolean) {
  const [view, setView] = useState<SessionView | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** One explicit read, for right after an action such as Clear. */
  const refresh = useCallback(async () => {
    if (tabId === null) return;
    try {
      setView(await background.getSession(tabId, preserveLog));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [tabId, preserveLog]);

  useEffect(() => {
    if (tabId === null) return;
    let port: Runtime.Port | null = null;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      try {
        port = browser.runtime.connect({ name: LIVE_PORT });
      } catch (e) {
        // The extension was reloaded or removed: this page can no longer reach it.
        setError(e instanceof Error ? e.message : String(e));
        return;
      }
      port.onMessage.addListener((message: unknown) => {
        const push = message as SessionPush;
        if (push?.type !== "selgeo:session" || push.view.tabId !== tabId) return;
        if (push.view.preserveLog !== preserveLog) return;
        setView(push.view);
        setError(null);
      });
      port.onDisconnect.addListener(() => {
        port = null;
        if (!closed) retry = setTimeout(connect, RECONNECT_MS);
      });
      const subscribe: SubscribeMessage = { type: "selgeo:subscribe", tabId, preserveLog };
      port.postMessage(subscribe);
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      port?.disconnect();
    };
  }, [tabId, preserveLog]);

  return { view, error, refresh };
}

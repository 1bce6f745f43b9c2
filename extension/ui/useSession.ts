// Keeps a tab's session view fresh in a React page by asking the background once a second:
// simple, and it survives the service worker's restarts without reconnect logic.
import { useCallback, useEffect, useState } from "react";
import { background } from "../messaging/client";
import type { SessionView } from "../session/view";

export const REFRESH_MS = 1000;

export function useSession(tabId: number | null, preserveLog: boolean) {
  const [view, setView] = useState<SessionView | null>(null);
  const [error, setError] = useState<string | null>(null);

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
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return { view, error, refresh };
}

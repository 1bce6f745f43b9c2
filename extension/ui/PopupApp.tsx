// The toolbar popup: the short status of the active tab and its worst finding.
import { useEffect, useState } from "react";
import browser from "webextension-polyfill";
import { useSession } from "./useSession";

export function PopupApp() {
  const [tabId, setTabId] = useState<number | null>(null);
  useEffect(() => {
    void browser.tabs
      .query({ active: true, currentWindow: true })
      .then(([tab]) => setTabId(tab?.id ?? null));
  }, []);
  const { view } = useSession(tabId, false);
  if (!view) return <p className="muted">Loading…</p>;
  const { status, findings } = view;
  const worst = findings[0];
  return (
    <main className="popup" data-testid="popup" data-health={status.health ?? "none"}>
      <h1>Selgeo</h1>
      {status.health === null ? (
        <p>No Selgeo snippet on this page.</p>
      ) : (
        <ul className="short-status">
          <li>Snippet: {status.snippet}</li>
          <li>Key: {status.key}</li>
          <li>Click id: {status.clickId ?? "none"}</li>
          <li>
            {findings.length === 0
              ? "No problems found."
              : `${findings.length} finding(s) — ${worst?.severity}: ${worst?.cause}`}
          </li>
        </ul>
      )}
      <p className="muted">Details: DevTools › Selgeo.</p>
    </main>
  );
}

// The toolbar popup: a compact summary of the panel — the health sentence, the key's mode, the
// root causes (consequences counted under each) and how to open the full panel. Opened as
// popup.html?tabId=N it shows tab N (tests, screenshots); otherwise the active tab.
import { useEffect, useState } from "react";
import browser from "webextension-polyfill";
import { HealthHeader } from "./HealthHeader";
import { ModeBanner } from "./ModeBadge";
import { useSession } from "./useSession";

function queryTabId(location: Location): number | null {
  const fromQuery = new URLSearchParams(location.search).get("tabId");
  return fromQuery !== null && /^\d+$/.test(fromQuery) ? Number(fromQuery) : null;
}

const DEVTOOLS_KEYS = navigator.platform.startsWith("Mac") ? "⌥⌘I" : "Ctrl+Shift+I (or F12)";

export function PopupApp() {
  const [tabId, setTabId] = useState<number | null>(() => queryTabId(window.location));
  useEffect(() => {
    if (tabId !== null) return;
    void browser.tabs
      .query({ active: true, currentWindow: true })
      .then(([tab]) => setTabId(tab?.id ?? null));
  }, [tabId]);
  const { view } = useSession(tabId, false);
  if (!view)
    return (
      <main className="popup">
        <p className="muted popup-foot">Loading…</p>
      </main>
    );
  const { status, findings } = view;
  return (
    <main className="popup" data-testid="popup" data-health={status.health ?? "none"}>
      <ModeBanner status={status} />
      <h1 className="visually-hidden">Selgeo</h1>
      <HealthHeader status={status} findings={findings} />
      {status.health !== null && findings.length > 0 && (
        <ol className="popup-roots" aria-label="Root causes">
          {findings.map((f) => (
            <li
              key={f.id}
              className={`severity-${f.severity}`}
              data-testid="popup-root"
              data-finding-id={f.id}
            >
              <span className={`severity-label severity-label-${f.severity}`}>{f.severity}</span>{" "}
              {f.cause}
              {f.consequences && f.consequences.length > 0 && (
                <div className="also">
                  Because of this: {f.consequences.map((c) => c.cause).join(" ")}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {status.clickId && (
        <p className="popup-foot">
          Click id <code data-testid="popup-click-id">{status.clickId}</code>
        </p>
      )}
      <p className="popup-foot" data-testid="popup-devtools">
        Fixes, requests and the timeline: open DevTools ({DEVTOOLS_KEYS}) and choose the{" "}
        <strong>Selgeo</strong> tab.
      </p>
    </main>
  );
}

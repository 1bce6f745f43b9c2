// The toolbar popup: a compact summary of the panel — the health sentence, the key's mode, the
// other root causes, what the first one causes, and how to open the full panel. Opened as
// popup.html?tabId=N it shows tab N (tests, screenshots); otherwise the active tab.
import { useEffect, useState } from "react";
import browser from "webextension-polyfill";
import { HealthHeader } from "./HealthHeader";
import { healthSummary } from "./health";
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
  // The health sentence already names the first root cause; the list holds the rest.
  const { root } = healthSummary(status, findings);
  const others = status.health === null ? [] : findings.filter((f) => f.id !== root?.id);
  return (
    <main className="popup" data-testid="popup" data-health={status.health ?? "none"}>
      <ModeBanner status={status} />
      <h1 className="visually-hidden">Selgeo</h1>
      <HealthHeader status={status} findings={findings} />
      {root?.consequences && root.consequences.length > 0 && (
        <p className="popup-foot" data-testid="popup-consequences">
          Because of this: {root.consequences.map((c) => c.cause).join(" ")}
        </p>
      )}
      {others.length > 0 && (
        <>
          <h2 className="popup-heading">Also found</h2>
          <ol className="popup-roots" aria-label="Other root causes">
            {others.map((f) => (
              <li
                key={f.id}
                className={`severity-${f.severity}`}
                data-testid="popup-root"
                data-finding-id={f.id}
              >
                <span className={`severity-label severity-label-${f.severity}`}>{f.severity}</span>{" "}
                {f.cause}
              </li>
            ))}
          </ol>
        </>
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

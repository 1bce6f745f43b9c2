// The DevTools panel "Selgeo": status, findings, API responses and the timeline of one tab,
// with Preserve log, Clear and Export support bundle.
import { useState } from "react";
import { background } from "../messaging/client";
import { ApiResponses } from "./ApiResponses";
import { downloadBundle } from "./download";
import { FindingList } from "./FindingList";
import { StatusSummary } from "./StatusSummary";
import { Timeline } from "./Timeline";
import { useSession } from "./useSession";

export function PanelApp({ tabId }: { tabId: number | null }) {
  const [preserveLog, setPreserveLog] = useState(false);
  const { view, error, refresh } = useSession(tabId, preserveLog);

  if (tabId === null)
    return (
      <p className="error">No tab to inspect: open this panel in DevTools, or pass ?tabId=N.</p>
    );
  if (!view) return <p className="muted">{error ?? "Loading…"}</p>;

  const exportBundle = async () =>
    downloadBundle(await background.exportBundle(tabId, preserveLog));
  const clear = async () => {
    await background.clearSession(tabId);
    await refresh();
  };

  return (
    <main data-testid="panel" data-ready={view.ready} data-health={view.status.health ?? "none"}>
      <header className="toolbar">
        <h1>Selgeo</h1>
        <span className="page-url">{view.page?.url ?? "no page recorded yet"}</span>
        <label>
          <input
            type="checkbox"
            checked={preserveLog}
            onChange={(e) => setPreserveLog(e.target.checked)}
            data-testid="preserve-log"
          />{" "}
          Preserve log
        </label>
        <button type="button" onClick={clear} data-testid="clear">
          Clear
        </button>
        <button type="button" onClick={exportBundle} data-testid="export-bundle">
          Export support bundle
        </button>
      </header>
      <section>
        <h2>Status</h2>
        <StatusSummary status={view.status} apiOrigin={view.observations.apiOrigin} />
      </section>
      <section>
        <h2>Findings</h2>
        <FindingList findings={view.findings} settled={view.status.settled} />
      </section>
      <section>
        <h2>API responses</h2>
        <ApiResponses requests={view.observations.apiRequests} />
      </section>
      <section>
        <h2>Timeline{preserveLog ? " (all pages)" : ""}</h2>
        <Timeline entries={view.timeline} />
      </section>
    </main>
  );
}

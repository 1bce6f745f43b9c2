// The DevTools panel "Selgeo": a health header (one sentence and the key's mode), then tabs for
// the root-cause findings, the Selgeo network requests and the timeline of one tab, with
// Preserve log, Clear and Export support bundle.
import { useState } from "react";
import { background } from "../messaging/client";
import { downloadBundle } from "./download";
import { FindingList } from "./FindingList";
import { HealthHeader } from "./HealthHeader";
import { ModeBanner } from "./ModeBadge";
import { NetworkTable } from "./NetworkTable";
import { StatusSummary } from "./StatusSummary";
import { Tabs } from "./Tabs";
import { Timeline } from "./Timeline";
import { useSession } from "./useSession";

export function PanelApp({ tabId }: { tabId: number | null }) {
  const [preserveLog, setPreserveLog] = useState(false);
  const [tab, setTab] = useState("findings");
  const { view, error, refresh } = useSession(tabId, preserveLog);

  if (tabId === null)
    return (
      <main>
        <p className="error">No tab to inspect: open this panel in DevTools, or pass ?tabId=N.</p>
      </main>
    );
  if (!view)
    return (
      <main>
        <p className="muted">{error ?? "Loading…"}</p>
      </main>
    );

  const exportBundle = async () =>
    downloadBundle(await background.exportBundle(tabId, preserveLog));
  const clear = async () => {
    await background.clearSession(tabId);
    await refresh();
  };
  // data-api with any first-party path prefix, else the snippet's origin (diagnosis/hosts.ts).
  const apiBase = view.observations.apiBase;
  const requests = view.timeline.filter((e) => e.event.kind === "request").length;

  return (
    <main data-testid="panel" data-ready={view.ready} data-health={view.status.health ?? "none"}>
      <ModeBanner status={view.status} />
      <header className="toolbar">
        <h1>Selgeo</h1>
        <span className="page-url" title={view.page?.url}>
          {view.page?.url ?? "no page recorded yet"}
        </span>
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
      <HealthHeader status={view.status} findings={view.findings} />
      <StatusSummary status={view.status} apiOrigin={apiBase} />
      <Tabs
        active={tab}
        onChange={setTab}
        tabs={[
          {
            id: "findings",
            label: "Findings",
            count: view.findings.length,
            content: (
              <FindingList
                findings={view.findings}
                settled={view.status.settled}
                apiBase={apiBase}
              />
            ),
          },
          {
            id: "network",
            label: "Network",
            count: requests,
            content: <NetworkTable entries={view.timeline} apiBase={apiBase} />,
          },
          {
            id: "timeline",
            label: preserveLog ? "Timeline (all pages)" : "Timeline",
            count: view.timeline.length,
            content: (
              <>
                {(view.dropped ?? 0) > 0 && (
                  <p className="notice" data-testid="dropped">
                    {view.dropped} later event(s) of this page were not recorded: its record reached
                    the extension's size limit.
                  </p>
                )}
                {view.stored === false && (
                  <p className="notice muted" data-testid="not-stored">
                    No Selgeo tag on this page, so nothing of it is saved: these events are kept in
                    memory only.
                  </p>
                )}
                <Timeline entries={view.timeline} />
              </>
            ),
          },
        ]}
      />
    </main>
  );
}

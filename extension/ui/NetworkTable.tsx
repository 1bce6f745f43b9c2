// Every Selgeo request of the page (snippet file, clicks, keys/check answers the page made), as
// webRequest saw it: status or network error, how long it took, and the X-Request-Id support
// asks for, linked to the audit log.
import type { RequestRecord, TimelineEntry } from "../session/events";
import { IdLink } from "./IdLink";

function outcomeClass(r: RequestRecord): string {
  if (r.status === null) return "outcome-failed";
  if (r.status >= 400) return "outcome-failed";
  if (r.status >= 300) return "outcome-redirect";
  return "outcome-ok";
}

function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

export function NetworkTable({
  entries,
  apiBase,
}: {
  entries: TimelineEntry[];
  apiBase: string | null;
}) {
  let pageStart = entries[0]?.at ?? 0;
  const rows: Array<{ key: string; offset: number; r: RequestRecord }> = [];
  entries.forEach((entry, index) => {
    if (entry.event.kind === "navigation") pageStart = entry.at;
    if (entry.event.kind === "request") {
      rows.push({
        key: String(entry.id ?? index),
        offset: Math.max(0, Math.round(entry.at - pageStart)),
        r: entry.event,
      });
    }
  });
  if (rows.length === 0) {
    return (
      <p className="muted" data-testid="network-empty">
        No Selgeo requests from this page.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="network" data-testid="network">
        <caption className="visually-hidden">Selgeo requests of this page</caption>
        <thead>
          <tr>
            <th scope="col">At</th>
            <th scope="col">Request</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Time</th>
            <th scope="col">X-Request-Id</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, offset, r }) => (
            <tr key={key} data-testid="network-row">
              <td className="num">+{offset} ms</td>
              <td className="url" title={r.url}>
                <span className="method">{r.method}</span> {shortUrl(r.url)}
              </td>
              <td>{r.resourceType}</td>
              <td className={outcomeClass(r)} data-testid="network-status">
                {r.status ?? r.error ?? "no response"}
                {r.retryAfter ? ` (Retry-After ${r.retryAfter})` : ""}
              </td>
              <td className="num">
                {r.durationMs === null ? "—" : `${Math.round(r.durationMs)} ms`}
              </td>
              <td>{r.requestId ? <IdLink id={r.requestId} apiBase={apiBase} /> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

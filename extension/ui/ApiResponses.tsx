// The last responses from the Selgeo API, with the X-Request-Id support asks for.
import type { RequestRecord } from "../session/events";

const SHOWN = 5;

export function ApiResponses({ requests }: { requests: RequestRecord[] }) {
  if (requests.length === 0) return <p className="muted">No API requests from this page.</p>;
  return (
    <table className="responses" data-testid="api-responses">
      <thead>
        <tr>
          <th>Request</th>
          <th>Status</th>
          <th>X-Request-Id</th>
        </tr>
      </thead>
      <tbody>
        {requests.slice(-SHOWN).map((r) => (
          <tr key={`${r.url} ${r.requestId} ${r.status} ${r.error} ${r.durationMs}`}>
            <td>
              {r.method} {r.url}
            </td>
            <td>{r.status ?? r.error}</td>
            <td>
              <code>{r.requestId ?? "—"}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

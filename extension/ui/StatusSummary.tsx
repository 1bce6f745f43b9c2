// The live status strip: snippet, key, ref, click id, API — what the health sentence rests on.
import type { PageStatus } from "../diagnosis/status";
import { IdLink } from "./IdLink";

const SNIPPET_LABEL: Record<PageStatus["snippet"], string> = {
  loaded: "loaded",
  missing: "missing",
  blocked: "blocked",
  failed: "failed to load",
  pending: "waiting…",
};

export function StatusSummary({
  status,
  apiOrigin,
}: {
  status: PageStatus;
  apiOrigin: string | null;
}) {
  const key = status.merchant ? `${status.key} · ${status.merchant}` : status.key;
  return (
    <dl className="status">
      <div>
        <dt>Snippet</dt>
        <dd data-testid="status-snippet" className={`state-${status.snippet}`}>
          {SNIPPET_LABEL[status.snippet]}
        </dd>
      </div>
      <div>
        <dt>Key</dt>
        <dd data-testid="status-key">{key}</dd>
      </div>
      <div>
        <dt>Ref</dt>
        <dd data-testid="status-ref">{status.ref ?? "none in URL"}</dd>
      </div>
      <div>
        <dt>Click id</dt>
        <dd>
          {status.clickId ? (
            <IdLink id={status.clickId} apiBase={apiOrigin} testId="status-click-id" />
          ) : (
            <span data-testid="status-click-id">none stored</span>
          )}
        </dd>
      </div>
      <div>
        <dt>API</dt>
        <dd data-testid="status-api">{apiOrigin ?? "unknown"}</dd>
      </div>
    </dl>
  );
}

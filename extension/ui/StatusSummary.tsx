// The live status block: snippet, key, ref, click id — the first thing a merchant reads.
import type { PageStatus } from "../diagnosis/status";

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
      <dt>Snippet</dt>
      <dd data-testid="status-snippet" className={`state-${status.snippet}`}>
        {SNIPPET_LABEL[status.snippet]}
      </dd>
      <dt>Key</dt>
      <dd data-testid="status-key">{key}</dd>
      <dt>Ref</dt>
      <dd data-testid="status-ref">{status.ref ?? "none in URL"}</dd>
      <dt>Click id</dt>
      <dd data-testid="status-click-id">{status.clickId ?? "none stored"}</dd>
      <dt>API</dt>
      <dd data-testid="status-api">{apiOrigin ?? "unknown"}</dd>
    </dl>
  );
}

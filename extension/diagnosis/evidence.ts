// Short, copyable lines for a finding's evidence: what support needs to find the request again.
import type { CspViolation, RequestRecord } from "../session/events";

/** `GET …/selgoe.js → 404 (X-Request-Id req_…), then blocked by the browser (net::ERR_BLOCKED_BY_ORB)`. */
export function describeRequest(r: RequestRecord): string {
  const outcome = r.status !== null ? String(r.status) : (r.error ?? "no response");
  const id = r.requestId ? ` (X-Request-Id ${r.requestId})` : "";
  const type = r.contentType && !isJson(r.contentType) ? ` ${r.contentType}` : "";
  const retry = r.retryAfter ? ` Retry-After: ${r.retryAfter}` : "";
  const blocked = r.status !== null && r.error ? `, then blocked by the browser (${r.error})` : "";
  return `${r.method} ${r.url} → ${outcome}${type}${id}${retry}${blocked}`;
}

export function isJson(contentType: string | null | undefined): boolean {
  return /^application\/([\w.+-]+\+)?json\b/i.test(contentType?.trim() ?? "");
}

/** `request id req_…`, or a note that the answer carried none (Selgeo always sends one). */
export function requestIdNote(r: RequestRecord): string {
  return r.requestId ? `request id ${r.requestId}` : "no X-Request-Id";
}

export function describeViolation(v: CspViolation): string[] {
  return [
    `Blocked by CSP ${v.effectiveDirective}: ${v.blockedUrl}`,
    `Page policy: ${v.originalPolicy}`,
  ];
}

/** Hosts where a test key is expected: local machines and reserved test domains. */
export function isDevelopmentHost(url: string | null): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname;
    return (
      host === "localhost" ||
      /^127\.|^\[::1\]$|^0\.0\.0\.0$/.test(host) ||
      /\.(test|localhost|local|example|invalid)$/.test(host)
    );
  } catch {
    return false;
  }
}

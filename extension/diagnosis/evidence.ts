// Short, copyable lines for a finding's evidence: what support needs to find the request again.
import type { CspViolation, RequestRecord } from "../session/events";

export function describeRequest(r: RequestRecord): string {
  // Both when the browser dropped an answer it had received (opaque-response blocking).
  const outcome =
    r.status !== null
      ? `${r.status}${r.error ? `, then ${r.error}` : ""}`
      : (r.error ?? "no response");
  const id = r.requestId ? ` (X-Request-Id ${r.requestId})` : "";
  const retry = r.retryAfter ? ` Retry-After: ${r.retryAfter}` : "";
  return `${r.method} ${r.url} → ${outcome}${id}${retry}`;
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

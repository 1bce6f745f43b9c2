// The retry queue of one: a click whose request failed for a reason that may pass, kept in
// localStorage so later page loads retry it (DESIGN.md § Snippet; protocol.ts `click_queued`).
// Only the newest failed link is kept: under last_click it is the one that counts.
import { attempt } from "./attempt";
import { PENDING_STORAGE_KEY, type PendingClick } from "./protocol";

/** A queued click older than 90 days is dropped: no attribution window would still take it. */
export const PENDING_MAX_AGE_MS = 7776e6;

/** Retries on one page, after the first request: 2 s, 8 s, 32 s (or the API's Retry-After). */
export const PAGE_RETRIES = 3;

/** No response (offline, blocker, CSP), 429 and 5xx may pass; any other answer will not. */
export function retryable(status: number): boolean {
  return !status || status === 429 || status > 499;
}

/** Milliseconds before retry number `tries` (1-based) on this page. */
export function retryDelay(tries: number, retryAfter: number | null): number {
  return retryAfter ? retryAfter * 1e3 : 2e3 * 4 ** (tries - 1);
}

/** The queued click of the key's mode, if any and not too old. */
export function loadPending(mode: string, now: number): PendingClick | null {
  const pending = attempt(
    () => JSON.parse(localStorage.getItem(PENDING_STORAGE_KEY) as string) as PendingClick,
  );
  return pending &&
    pending.mode === mode &&
    typeof pending.ref === "string" &&
    pending.failed_attempts > 0 &&
    now - Date.parse(pending.first_failed_at) < PENDING_MAX_AGE_MS
    ? pending
    : null;
}

/** Queues `pending`, or empties the queue (null). */
export function savePending(pending: PendingClick | null): void {
  attempt(() =>
    pending
      ? localStorage.setItem(PENDING_STORAGE_KEY, JSON.stringify(pending))
      : localStorage.removeItem(PENDING_STORAGE_KEY),
  );
}

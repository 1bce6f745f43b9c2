// When a failed delivery is tried again: exponential backoff from `baseMs` (1 minute by default:
// 1, 2, 4 … minutes), capped at 12 hours, until the retry window (three days) ends. Pure.

const MAX_DELAY_MS = 12 * 3_600_000;

/** The delay after the `attempts`-th failed attempt (1 = the first). */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** The next attempt's time, or null when it would fall after the retry window: give up. */
export function nextAttemptAt(
  failedAt: number,
  attempts: number,
  baseMs: number,
  retryUntil: number,
): number | null {
  const next = failedAt + retryDelayMs(attempts, baseMs);
  return next <= retryUntil ? next : null;
}

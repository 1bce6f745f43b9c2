// The client's fetch: an Idempotency-Key on every POST (one per call, the same across its
// retries, so a retry after a lost answer replays it instead of doing the work twice), and
// bounded retries of 429 and 503 honouring Retry-After, and of network failures.

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** The longest wait honoured, whatever Retry-After says (default 30 s). */
  maxDelayMs?: number;
  /** A new Idempotency-Key (default: a random UUID). */
  newIdempotencyKey?: () => string;
  fetch?: (request: Request) => Promise<Response>;
  /** How to wait (tests may count instead). */
  sleep?: (ms: number) => Promise<void>;
}

const RETRIED_STATUSES = new Set([429, 503]);
const BASE_DELAY_MS = 500;

/** Retry-After in milliseconds (seconds or an HTTP date), or undefined when absent or bad. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before retry `attempt` (1-based): Retry-After when given, else doubling from 0.5 s. */
export function retryDelayMs(attempt: number, retryAfter: number | undefined, maxDelayMs: number) {
  const wanted = retryAfter ?? BASE_DELAY_MS * 2 ** (attempt - 1);
  return Math.min(wanted, maxDelayMs);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function retryingFetch(options: RetryOptions = {}): (request: Request) => Promise<Response> {
  const maxRetries = options.maxRetries ?? 3;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const newKey = options.newIdempotencyKey ?? (() => crypto.randomUUID());
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const sleep = options.sleep ?? defaultSleep;
  return async (request) => {
    // With its key, a POST is as safe to send again as the other methods (PUT and PATCH set
    // values; GET and DELETE change nothing twice).
    if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
      request.headers.set("Idempotency-Key", newKey());
    }
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await send(request.clone());
      } catch (error) {
        if (attempt > maxRetries) throw error;
        await sleep(retryDelayMs(attempt, undefined, maxDelayMs));
        continue;
      }
      if (!RETRIED_STATUSES.has(response.status) || attempt > maxRetries) return response;
      const wait = retryDelayMs(
        attempt,
        retryAfterMs(response.headers.get("Retry-After")),
        maxDelayMs,
      );
      await response.body?.cancel();
      await sleep(wait);
    }
  };
}

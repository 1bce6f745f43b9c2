// Records a click: one POST to the Tracking API, sent as text/plain JSON so the browser needs no
// CORS preflight, with keepalive so it survives the visitor leaving the page at once.
import { attempt } from "./attempt";
import type { PendingClick, StoredClick } from "./protocol";
import { toStoredClick } from "./storage";

/**
 * [the click or null, the HTTP status, the API's error code, Retry-After in seconds]. A tuple,
 * not an object, because the snippet's size budget counts every property name. Status 0: the
 * browser got no response (offline, DNS, CORS, CSP connect-src, a blocker).
 */
export type ClickResult = [
  click: StoredClick | null,
  status: number,
  code?: string,
  retryAfter?: number | null,
];

/** Cut so a click from a huge tracking URL never trips the API's 16 KiB body limit. */
export const MAX_URL_LENGTH = 2048;

/** What a retry adds to the click request: the queued click's count and first failure. */
export type RetryFields = Pick<PendingClick, "failed_attempts" | "first_failed_at">;

/**
 * Sends the click request (`retry`: a queued click's fields). Resolves with the response, or
 * nothing when none reached the page; never rejects (a rejection nobody handles yet would be an
 * error in the merchant's console).
 */
export function sendClick(
  api: string,
  key: string,
  ref: string,
  retry?: RetryFields,
): Promise<Response | undefined> {
  return fetch(`${api}/api/v1/clicks`, {
    method: "POST",
    keepalive: true,
    // The merchant's cookies are none of the API's business, even when it shares their origin.
    credentials: "omit",
    // A string body goes as text/plain;charset=UTF-8 by itself: a CORS-safelisted type, so no
    // preflight (no Content-Type header to set).
    body: JSON.stringify(
      Object.assign(
        {
          key,
          ref,
          // Fraud signal (docs/fraud.md): true only in a browser under automation (WebDriver, CDP).
          automated: navigator.webdriver,
          url: location.href.slice(0, MAX_URL_LENGTH),
          referrer: document.referrer.slice(0, MAX_URL_LENGTH),
        },
        retry,
      ),
    ),
  }).catch(() => undefined);
}

/** What the API answered to a click request sent for `ref` (sendClick). */
export function readAnswer(sent: Promise<Response | undefined>, ref: string): Promise<ClickResult> {
  return sent.then((response) =>
    response
      ? response
          .json()
          .catch(() => null)
          .then(
            (body): ClickResult => [
              // A 2xx that is not a click (a bot answer with click_id null, a page that is not
              // Selgeo's) reads as no click: the status says which answer it was.
              response.ok ? toStoredClick(body, ref) : null,
              response.status,
              // The API's error code, or why it did not count the visit (`ignored`).
              attempt(() => body.ignored || body.error.code),
              // Seconds only (an HTTP date or no header reads as null), and only when the API
              // exposes it to CORS.
              +(response.headers.get("Retry-After") as string) || null,
            ],
          )
      : [null, 0],
  );
}

/**
 * One click request and its answer; a retry of the queue's `failed` click carries its count and
 * first failure (never its `mode`, the queue's own, which the API's strict body would refuse).
 */
export function requestClick(
  api: string,
  key: string,
  ref: string,
  failed: PendingClick | null,
): Promise<ClickResult> {
  const retry = failed
    ? { failed_attempts: failed.failed_attempts, first_failed_at: failed.first_failed_at }
    : undefined;
  return readAnswer(sendClick(api, key, ref, retry), ref);
}

// Network error codes per browser, in one place. webRequest.onErrorOccurred's `error` is a
// Chrome `net::ERR_*` name or a Firefox `NS_*` result name; the rules ask what a failure means,
// never which browser said it. Pure: used by the rules in the panel, the background and the doctor.
import type { RequestRecord } from "../session/events";

export type Browser = "chrome" | "firefox";

/**
 * - `blocked-by-client`: an extension (an ad blocker) cancelled the request before it left.
 * - `dropped`: the browser stopped the request itself — the page navigated away or removed the
 *   element, or (Firefox) opaque-response blocking dropped an answer it would not hand to the page.
 * - `answer-withheld`: the server answered but the browser kept the body from the page (Chrome's
 *   opaque-response blocking); the status recorded from the response headers says what it was.
 * - `unreachable`: no answer came: DNS, a refused or reset connection, a timeout, TLS.
 */
export type NetErrorMeaning = "blocked-by-client" | "dropped" | "answer-withheld" | "unreachable";

export interface NetErrorCode {
  browser: Browser;
  code: string;
  meaning: NetErrorMeaning;
}

export const NET_ERROR_CODES: readonly NetErrorCode[] = [
  { browser: "chrome", code: "net::ERR_BLOCKED_BY_CLIENT", meaning: "blocked-by-client" },
  // Firefox names a request cancelled by an extension (webRequest blocking or
  // declarativeNetRequest "block") with the generic abort result.
  { browser: "firefox", code: "NS_ERROR_ABORT", meaning: "blocked-by-client" },
  { browser: "chrome", code: "net::ERR_ABORTED", meaning: "dropped" },
  { browser: "firefox", code: "NS_BINDING_ABORTED", meaning: "dropped" },
  { browser: "chrome", code: "net::ERR_BLOCKED_BY_ORB", meaning: "answer-withheld" },
  { browser: "chrome", code: "net::ERR_BLOCKED_BY_RESPONSE", meaning: "answer-withheld" },
  { browser: "chrome", code: "net::ERR_NAME_NOT_RESOLVED", meaning: "unreachable" },
  { browser: "chrome", code: "net::ERR_CONNECTION_REFUSED", meaning: "unreachable" },
  { browser: "chrome", code: "net::ERR_CONNECTION_RESET", meaning: "unreachable" },
  { browser: "chrome", code: "net::ERR_CONNECTION_TIMED_OUT", meaning: "unreachable" },
  { browser: "chrome", code: "net::ERR_TIMED_OUT", meaning: "unreachable" },
  { browser: "chrome", code: "net::ERR_ADDRESS_UNREACHABLE", meaning: "unreachable" },
  { browser: "chrome", code: "net::ERR_INTERNET_DISCONNECTED", meaning: "unreachable" },
  { browser: "chrome", code: "net::ERR_CERT_AUTHORITY_INVALID", meaning: "unreachable" },
  { browser: "firefox", code: "NS_ERROR_UNKNOWN_HOST", meaning: "unreachable" },
  { browser: "firefox", code: "NS_ERROR_CONNECTION_REFUSED", meaning: "unreachable" },
  { browser: "firefox", code: "NS_ERROR_NET_RESET", meaning: "unreachable" },
  { browser: "firefox", code: "NS_ERROR_NET_INTERRUPT", meaning: "unreachable" },
  { browser: "firefox", code: "NS_ERROR_NET_TIMEOUT", meaning: "unreachable" },
  { browser: "firefox", code: "NS_ERROR_OFFLINE", meaning: "unreachable" },
  { browser: "firefox", code: "SEC_ERROR_UNKNOWN_ISSUER", meaning: "unreachable" },
];

const BY_CODE = new Map(NET_ERROR_CODES.map((c) => [c.code, c]));

/** What a recorded error means; a code not in the table is a failure to get an answer. */
export function netErrorMeaning(error: string | null): NetErrorMeaning | null {
  if (error === null) return null;
  return BY_CODE.get(error.trim())?.meaning ?? "unreachable";
}

export function isBlockedByClient(error: string | null): boolean {
  return netErrorMeaning(error) === "blocked-by-client";
}

type Outcome = Pick<RequestRecord, "status" | "error">;

/** The server answered with an error status, whatever the browser did with the body after. */
export function answeredWithError(r: Outcome): boolean {
  return r.status !== null && r.status >= 400;
}

/**
 * The page let go of the request (it navigated away): nothing failed. Not when the server had
 * already answered with an error — Firefox drops a 404 script body with NS_BINDING_ABORTED.
 */
export function droppedByPage(r: Outcome): boolean {
  return netErrorMeaning(r.error) === "dropped" && !answeredWithError(r);
}

/** No usable answer reached the browser: an unreachable host, or a hidden answer of unknown status. */
export function failedInNetwork(r: Outcome): boolean {
  const meaning = netErrorMeaning(r.error);
  return meaning === "unreachable" || (meaning === "answer-withheld" && r.status === null);
}

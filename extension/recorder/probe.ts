// Asks the server again, from the background, what it answered for a request the browser hid:
// Chrome's ORB (and Firefox's opaque-response blocking) can fail a script request with a 404 body
// before webRequest sees any header. The extension's own fetch is not subject to ORB, so the
// status and X-Request-Id the merchant's server gives are what the finding can quote.
import type { RequestRecord } from "../session/events";

export type Probe = (
  url: string,
) => Promise<Pick<RequestRecord, "status" | "requestId" | "contentType"> | null>;

/** Errors that mean "an answer came, and the browser withheld it from the page". */
export function isHiddenAnswer(record: RequestRecord): boolean {
  return (
    record.status === null &&
    record.resourceType === "script" &&
    record.error !== null &&
    /BLOCKED_BY_(ORB|CORB|RESPONSE)|NS_BINDING_ABORTED/i.test(record.error)
  );
}

export const PROBE_TIMEOUT_MS = 3000;

export function fetchProbe(fetchImpl: typeof fetch): Probe {
  return async (url) => {
    try {
      const response = await fetchImpl(url, {
        cache: "no-store",
        credentials: "omit",
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return {
        status: response.status,
        requestId: response.headers.get("x-request-id"),
        contentType: response.headers.get("content-type"),
      };
    } catch {
      return null;
    }
  };
}

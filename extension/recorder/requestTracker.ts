// Follows webRequest's events for one request from start to outcome and turns them into a
// RequestRecord: status, X-Request-Id, Retry-After, Content-Type, or the network error. What the
// server said is kept from the response's headers as soon as they arrive, because Chrome's
// ORB/CORB (and Firefox's opaque-response blocking) may then fail the request with an error
// that hides it: a snippet URL answered 404 must read as 404, not as "host unreachable".
// No browser calls here: the background feeds it the listener details, tests feed it objects.
import type { RequestRecord } from "../session/events";

export interface RequestStart {
  requestId: string;
  tabId: number;
  url: string;
  method: string;
  type: string;
  timeStamp: number;
}

/** onHeadersReceived / onResponseStarted: the server answered; the body may still be blocked. */
export interface ResponseHeaders {
  requestId: string;
  statusCode: number;
  responseHeaders?: { name: string; value?: string }[];
}

export interface RequestCompleted {
  requestId: string;
  url: string;
  statusCode: number;
  responseHeaders?: { name: string; value?: string }[];
  timeStamp: number;
}

/** onHeadersReceived: the answer as the server sent it, before the browser may drop its body. */
export interface RequestHeadersReceived {
  requestId: string;
  statusCode: number;
  responseHeaders?: { name: string; value?: string }[];
}

export interface RequestFailed {
  requestId: string;
  url: string;
  error: string;
  timeStamp: number;
}

export interface TrackedRequest {
  tabId: number;
  /** When the request started: the timeline orders by it. */
  at: number;
  record: RequestRecord;
}

/** Requests that never finish (a hung server) are dropped after this many. */
const MAX_IN_FLIGHT = 1000;

type Answer = Pick<RequestRecord, "status" | "requestId" | "retryAfter" | "contentType">;

function header(headers: RequestCompleted["responseHeaders"], name: string): string | null {
  const found = headers?.find((h) => h.name.toLowerCase() === name);
  return found?.value ?? null;
}

function answerOf(details: ResponseHeaders): Answer {
  return {
    status: details.statusCode,
    requestId: header(details.responseHeaders, "x-request-id"),
    retryAfter: header(details.responseHeaders, "retry-after"),
    contentType: header(details.responseHeaders, "content-type"),
  };
}

const NO_ANSWER: Answer = { status: null, requestId: null, retryAfter: null, contentType: null };

export class RequestTracker {
  private readonly inFlight = new Map<string, RequestStart>();
  /** The last response headers seen per request (a redirect's hop is replaced by the next). */
  private readonly answers = new Map<string, Answer>();

  start(details: RequestStart): void {
    // Requests of the extension itself (tabId -1), such as keys/check, are not the page's.
    if (details.tabId < 0) return;
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      const oldest = this.inFlight.keys().next().value;
      if (oldest !== undefined) this.take(oldest);
    }
    this.inFlight.set(details.requestId, details);
  }

  /** The response's status and headers, recorded before anything can block its body. */
  headers(details: ResponseHeaders): void {
    if (this.inFlight.has(details.requestId))
      this.answers.set(details.requestId, answerOf(details));
  }

  completed(details: RequestCompleted): TrackedRequest | null {
    const start = this.take(details.requestId);
    if (!start) return null;
    return this.finish(start, details.url, details.timeStamp, {
      ...answerOf(details),
      error: null,
    });
  }

  /** A failure after headers (ORB, CORB, a body cut off) keeps the status the server sent. */
  failed(details: RequestFailed): TrackedRequest | null {
    const answer = this.answers.get(details.requestId) ?? NO_ANSWER;
    const start = this.take(details.requestId);
    if (!start) return null;
    return this.finish(start, details.url, details.timeStamp, { ...answer, error: details.error });
  }

  private take(requestId: string): RequestStart | undefined {
    const start = this.inFlight.get(requestId);
    this.inFlight.delete(requestId);
    this.answers.delete(requestId);
    return start;
  }

  private finish(
    start: RequestStart,
    url: string,
    end: number,
    outcome: Answer & Pick<RequestRecord, "error">,
  ): TrackedRequest {
    return {
      tabId: start.tabId,
      at: start.timeStamp,
      record: {
        kind: "request",
        url,
        method: start.method,
        resourceType: start.type,
        ...outcome,
        durationMs: Math.max(0, Math.round(end - start.timeStamp)),
      },
    };
  }
}

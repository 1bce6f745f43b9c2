// Follows webRequest's events for one request from start to outcome and turns them into a
// RequestRecord: status, X-Request-Id, Retry-After, and the network error if it then failed. No browser calls here:
// the background feeds it the listener details, tests feed it plain objects.
import type { RequestRecord } from "../session/events";

export interface RequestStart {
  requestId: string;
  tabId: number;
  url: string;
  method: string;
  type: string;
  timeStamp: number;
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

function header(headers: RequestCompleted["responseHeaders"], name: string): string | null {
  const found = headers?.find((h) => h.name.toLowerCase() === name);
  return found?.value ?? null;
}

type Answer = Pick<RequestRecord, "status" | "requestId" | "retryAfter">;

function answerOf(details: RequestHeadersReceived): Answer {
  return {
    status: details.statusCode,
    requestId: header(details.responseHeaders, "x-request-id"),
    retryAfter: header(details.responseHeaders, "retry-after"),
  };
}

export class RequestTracker {
  private readonly inFlight = new Map<string, RequestStart>();
  /**
   * Answers of in-flight requests. Opaque-response blocking (Chrome's ERR_BLOCKED_BY_ORB,
   * Firefox's NS_BINDING_ABORTED) fails a request the server answered, say with a 404; the
   * failure then still carries what the server said.
   */
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

  headersReceived(details: RequestHeadersReceived): void {
    if (this.inFlight.has(details.requestId)) {
      this.answers.set(details.requestId, answerOf(details));
    }
  }

  completed(details: RequestCompleted): TrackedRequest | null {
    const start = this.take(details.requestId);
    if (!start) return null;
    return this.finish(start, details.url, details.timeStamp, {
      ...answerOf(details),
      error: null,
    });
  }

  failed(details: RequestFailed): TrackedRequest | null {
    const answer = this.answers.get(details.requestId);
    const start = this.take(details.requestId);
    if (!start) return null;
    return this.finish(start, details.url, details.timeStamp, {
      status: answer?.status ?? null,
      requestId: answer?.requestId ?? null,
      retryAfter: answer?.retryAfter ?? null,
      error: details.error,
    });
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
    outcome: Pick<RequestRecord, "status" | "error" | "requestId" | "retryAfter">,
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

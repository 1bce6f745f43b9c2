// Follows webRequest's events for one request from start to outcome and turns them into a
// RequestRecord: status, X-Request-Id, Retry-After, or the network error. No browser calls here:
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

export class RequestTracker {
  private readonly inFlight = new Map<string, RequestStart>();

  start(details: RequestStart): void {
    // Requests of the extension itself (tabId -1), such as keys/check, are not the page's.
    if (details.tabId < 0) return;
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      const oldest = this.inFlight.keys().next().value;
      if (oldest !== undefined) this.inFlight.delete(oldest);
    }
    this.inFlight.set(details.requestId, details);
  }

  completed(details: RequestCompleted): TrackedRequest | null {
    const start = this.take(details.requestId);
    if (!start) return null;
    return this.finish(start, details.url, details.timeStamp, {
      status: details.statusCode,
      error: null,
      requestId: header(details.responseHeaders, "x-request-id"),
      retryAfter: header(details.responseHeaders, "retry-after"),
    });
  }

  failed(details: RequestFailed): TrackedRequest | null {
    const start = this.take(details.requestId);
    if (!start) return null;
    return this.finish(start, details.url, details.timeStamp, {
      status: null,
      error: details.error,
      requestId: null,
      retryAfter: null,
    });
  }

  private take(requestId: string): RequestStart | undefined {
    const start = this.inFlight.get(requestId);
    this.inFlight.delete(requestId);
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

import { describe, expect, it } from "vitest";
import { RequestTracker } from "../../../../extension/recorder/requestTracker";

const start = {
  requestId: "1",
  tabId: 4,
  url: "https://api.selgeo.com/api/v1/clicks",
  method: "POST",
  type: "xmlhttprequest",
  timeStamp: 1000,
};

describe("RequestTracker", () => {
  it("records status, X-Request-Id and Retry-After of a completed request", () => {
    const tracker = new RequestTracker();
    tracker.start(start);
    const done = tracker.completed({
      requestId: "1",
      url: start.url,
      statusCode: 429,
      timeStamp: 1040,
      responseHeaders: [
        { name: "X-Request-Id", value: "req_1" },
        { name: "retry-after", value: "12" },
      ],
    });
    expect(done).toEqual({
      tabId: 4,
      at: 1000,
      record: {
        kind: "request",
        url: start.url,
        method: "POST",
        resourceType: "xmlhttprequest",
        status: 429,
        error: null,
        requestId: "req_1",
        retryAfter: "12",
        contentType: null,
        durationMs: 40,
      },
    });
  });

  it("records the network error of a failed request", () => {
    const tracker = new RequestTracker();
    tracker.start(start);
    const failed = tracker.failed({
      requestId: "1",
      url: start.url,
      error: "net::ERR_CONNECTION_REFUSED",
      timeStamp: 1005,
    });
    expect(failed?.record).toMatchObject({ status: null, error: "net::ERR_CONNECTION_REFUSED" });
  });

  it("keeps what the server said when the browser then blocks the body (ORB)", () => {
    const tracker = new RequestTracker();
    const script = { ...start, url: "https://cdn.selgeo.com/v1/selgoe.js", type: "script" };
    tracker.start(script);
    tracker.headers({
      requestId: "1",
      statusCode: 404,
      responseHeaders: [
        { name: "x-request-id", value: "req_404" },
        { name: "content-type", value: "application/json" },
      ],
    });
    const failed = tracker.failed({
      requestId: "1",
      url: script.url,
      error: "net::ERR_BLOCKED_BY_ORB",
      timeStamp: 1010,
    });
    expect(failed?.record).toMatchObject({
      status: 404,
      requestId: "req_404",
      contentType: "application/json",
      error: "net::ERR_BLOCKED_BY_ORB",
    });
    // The answer is forgotten with the request: a reused id starts clean.
    tracker.start(script);
    expect(
      tracker.failed({ requestId: "1", url: script.url, error: "net::ERR_FAILED", timeStamp: 2 })
        ?.record,
    ).toMatchObject({ status: null, requestId: null });
  });

  it.each([
    ["Firefox", "NS_BINDING_ABORTED"],
    ["Chrome", "net::ERR_BLOCKED_BY_ORB"],
  ])("keeps what the server said when %s then drops the answer (%s)", (_browser, error) => {
    const tracker = new RequestTracker();
    tracker.start({ ...start, method: "GET", type: "script" });
    tracker.headers({
      requestId: "1",
      statusCode: 404,
      responseHeaders: [{ name: "X-Request-Id", value: "req_404" }],
    });
    const failed = tracker.failed({ requestId: "1", url: start.url, error, timeStamp: 1010 });
    expect(failed?.record).toMatchObject({ status: 404, requestId: "req_404", error });
  });

  it("forgets an answer once its request is done", () => {
    const tracker = new RequestTracker();
    tracker.start(start);
    tracker.headers({ requestId: "1", statusCode: 500 });
    tracker.completed({ requestId: "1", url: start.url, statusCode: 500, timeStamp: 1010 });
    tracker.start(start);
    const failed = tracker.failed({
      requestId: "1",
      url: start.url,
      error: "NS_ERROR_CONNECTION_REFUSED",
      timeStamp: 1020,
    });
    expect(failed?.record).toMatchObject({ status: null, requestId: null });
  });

  it("ignores the extension's own requests and unknown ids", () => {
    const tracker = new RequestTracker();
    tracker.start({ ...start, tabId: -1 });
    expect(
      tracker.completed({ requestId: "1", url: start.url, statusCode: 200, timeStamp: 2 }),
    ).toBeNull();
  });
});

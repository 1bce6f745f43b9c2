import { describe, expect, it } from "vitest";
import { retryAfterMs, retryDelayMs, retryingFetch } from "../../../client/retry";

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates; nothing for absent or bad values", () => {
    expect(retryAfterMs("5")).toBe(5000);
    expect(retryAfterMs("0")).toBe(0);
    const now = Date.parse("2026-12-02T10:00:00Z");
    expect(retryAfterMs("Wed, 02 Dec 2026 10:00:03 GMT", now)).toBe(3000);
    expect(retryAfterMs("Wed, 02 Dec 2026 09:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});

describe("retryDelayMs", () => {
  it("honours Retry-After up to the bound, else doubles from half a second", () => {
    expect(retryDelayMs(1, 2000, 30_000)).toBe(2000);
    expect(retryDelayMs(1, 120_000, 30_000)).toBe(30_000);
    expect([1, 2, 3].map((n) => retryDelayMs(n, undefined, 30_000))).toEqual([500, 1000, 2000]);
  });
});

describe("retryingFetch", () => {
  const answer = (status: number, headers: Record<string, string> = {}) =>
    new Response("{}", { status, headers });

  it("sends one Idempotency-Key per POST, the same on each retry, and waits as told", async () => {
    const keys: Array<string | null> = [];
    const waits: number[] = [];
    const statuses = [429, 503, 201];
    const send = retryingFetch({
      fetch: async (request) => {
        keys.push(request.headers.get("Idempotency-Key"));
        expect(await request.text()).toBe('{"a":1}');
        return answer(statuses.shift()!, { "Retry-After": "2" });
      },
      sleep: async (ms) => {
        waits.push(ms);
      },
      newIdempotencyKey: () => `key-${keys.length}`,
    });
    const res = await send(new Request("http://x/api", { method: "POST", body: '{"a":1}' }));
    expect(res.status).toBe(201);
    expect(keys).toEqual(["key-0", "key-0", "key-0"]);
    expect(waits).toEqual([2000, 2000]);
  });

  it("keeps a key the caller chose, and adds none to a GET", async () => {
    const seen: Array<string | null> = [];
    const send = retryingFetch({
      fetch: async (request) => {
        seen.push(request.headers.get("Idempotency-Key"));
        return answer(200);
      },
    });
    await send(
      new Request("http://x/", { method: "POST", headers: { "Idempotency-Key": "mine" } }),
    );
    await send(new Request("http://x/"));
    expect(seen).toEqual(["mine", null]);
  });

  it("stops after maxRetries and does not retry other errors", async () => {
    let calls = 0;
    const send = retryingFetch({
      maxRetries: 2,
      sleep: async () => {},
      fetch: async () => {
        calls += 1;
        return answer(503);
      },
    });
    expect((await send(new Request("http://x/"))).status).toBe(503);
    expect(calls).toBe(3);
    calls = 0;
    const once = retryingFetch({
      fetch: async () => {
        calls += 1;
        return answer(500);
      },
    });
    expect((await once(new Request("http://x/"))).status).toBe(500);
    expect(calls).toBe(1);
  });

  it("retries a network failure, then gives up with the error", async () => {
    let calls = 0;
    const send = retryingFetch({
      maxRetries: 1,
      sleep: async () => {},
      fetch: async () => {
        calls += 1;
        throw new TypeError("fetch failed");
      },
    });
    await expect(send(new Request("http://x/", { method: "POST" }))).rejects.toThrow(
      "fetch failed",
    );
    expect(calls).toBe(2);
  });
});

// On a real socket the request id, CORS and rate-limit headers go onto Node's response directly:
// written by the click listener on the service's server (server/http/click-listener.ts), or set
// before Hono's route answers (server/http/response-headers.ts), not through Hono's context as
// in-process requests do. The answers a browser receives must carry them either way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../support/harness";
import { type Listening, listen } from "../../support/http-server";

describe.each([
  { server: "the service's server (clicks ahead of Hono)", honoOnly: false },
  { server: "Hono alone on a Node server", honoOnly: true },
])("headers on the wire, $server", ({ honoOnly }) => {
  let h: Harness;
  let server: Listening;

  beforeAll(async () => {
    h = await createHarness({ rateLimitPerMinute: 2 });
    server = await listen(h.app, { services: h.services, honoOnly });
  });

  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  function click(body: string, headers: Record<string, string> = {}) {
    return fetch(`${server.url}/api/v1/clicks`, {
      method: "POST",
      headers: {
        "Content-Type": "text/plain",
        Origin: "https://shop.example",
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
        "X-Forwarded-For": "198.51.100.9",
        ...headers,
      },
      body,
    });
  }

  it("a recorded click carries its request id, CORS and rate-limit headers", async () => {
    const res = await click(JSON.stringify({ key: h.merchant.keys.pk_test, ref: "demo" }), {
      "X-Request-Id": "req-from-the-page",
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe("req-from-the-page");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toContain("RateLimit-Remaining");
    expect(res.headers.get("ratelimit-limit")).toBe("2");
    expect(res.headers.get("ratelimit-remaining")).toBe("1");
    expect(res.headers.get("ratelimit-policy")).toBe("2;w=60");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { click_id: string };
    expect(body.click_id).toMatch(/^clk_/);
  });

  it("an error carries the request id and CORS headers, and the envelope names the same id", async () => {
    const res = await click("{not json");
    expect(res.status).toBe(400);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^req_/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error).toMatchObject({ code: "INVALID_JSON", request_id: id });
  });

  it("a refused click carries Retry-After beside the rate-limit headers", async () => {
    const send = () => click(JSON.stringify({ key: h.merchant.keys.pk_test, ref: "demo" }));
    await send();
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("a preflight is answered with the allowed methods and headers", async () => {
    const res = await fetch(`${server.url}/api/v1/clicks`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://shop.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    expect(res.headers.get("access-control-allow-headers")).toContain("Content-Type");
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });
});

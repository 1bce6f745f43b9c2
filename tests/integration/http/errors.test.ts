import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, TRANSPORTS } from "../../support/harness";

describe.each(TRANSPORTS)("one error envelope for every failure ($transport)", ({ transport }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ transport });
  });
  afterAll(async () => h.close());

  it("answers an unknown route with NOT_FOUND", async () => {
    const res = await h.get("/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      code: "NOT_FOUND",
      request_id: res.headers.get("x-request-id"),
    });
    // Always there, even empty, so clients can read fields off it.
    expect(res.body.error.details).toEqual({});
  });

  it("answers a wrong method with METHOD_NOT_ALLOWED and Allow", async () => {
    const res = await h.call("DELETE", "/api/v1/clicks");
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe("METHOD_NOT_ALLOWED");
    expect(res.headers.get("allow")).toContain("POST");
  });

  it("answers 503 UNAVAILABLE with Retry-After when storage is down", async () => {
    const broken = await createHarness({ transport });
    const key = broken.merchant.keys.pk_test;
    await broken.services.store.close();
    const ready = await broken.get("/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe("UNAVAILABLE");
    expect(ready.headers.get("retry-after")).toBe("5");
    const click = await broken.click("demo", { key });
    expect(click.status).toBe(503);
    expect(click.body.error.code).toBe("UNAVAILABLE");
    expect(click.headers.get("retry-after")).toBe("5");
    expect(click.body.error.request_id).toBe(click.headers.get("x-request-id"));
    // close() would close the store again; the temporary files are removed all the same.
    await broken.close().catch(() => {});
  });
});

describe.each(TRANSPORTS)("X-Request-Id ($transport)", ({ transport }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ transport });
  });
  afterAll(async () => h.close());

  it("echoes a sane id the caller sent", async () => {
    const res = await h.get("/healthz", { headers: { "X-Request-Id": "support-ticket-4711" } });
    expect(res.headers.get("x-request-id")).toBe("support-ticket-4711");
  });

  it("generates one when none or an unusable one was sent", async () => {
    const none = await h.get("/healthz");
    expect(none.headers.get("x-request-id")).toMatch(/^req_[A-Za-z0-9]{24}$/);
    const tooLong = await h.get("/healthz", { headers: { "X-Request-Id": "x".repeat(201) } });
    expect(tooLong.headers.get("x-request-id")).toMatch(/^req_/);
    const unprintable = await h.get("/healthz", { headers: { "X-Request-Id": "bad\u00e9id" } });
    expect(unprintable.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("is on every kind of response: documents, the snippet, preflights, errors", async () => {
    const calls: Array<[string, string]> = [
      ["GET", "/v1/selgeo.js"],
      ["GET", "/v1/selgeo-lazy.js"],
      ["GET", "/docs"],
      ["GET", "/api/v1/openapi.json"],
      ["GET", "/metrics"],
      ["OPTIONS", "/api/v1/clicks"],
      ["DELETE", "/api/v1/clicks"],
      ["POST", "/api/v1/webhooks/stripe/mer_unknown"],
    ];
    for (const [method, path] of calls) {
      const res = await h.call(method, path, {
        headers: { Origin: "https://shop.example", "Access-Control-Request-Method": "POST" },
      });
      expect(res.headers.get("x-request-id"), `${method} ${path}`).toMatch(/^req_/);
    }
  });

  it("puts the id in error bodies too", async () => {
    const res = await h.get("/api/v1/nope", { headers: { "X-Request-Id": "trace-1" } });
    expect(res.body.error.request_id).toBe("trace-1");
    const click = await h.post("/api/v1/clicks", {
      rawBody: "{",
      headers: { "X-Request-Id": " trace-2 " },
    });
    expect(click.headers.get("x-request-id")).toBe("trace-2");
    expect(click.body.error.request_id).toBe("trace-2");
  });
});

describe.each(TRANSPORTS)("operations endpoints and documents ($transport)", ({ transport }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ transport });
  });
  afterAll(async () => h.close());

  it("reports liveness and readiness", async () => {
    expect((await h.get("/healthz")).body).toEqual({ status: "ok" });
    expect((await h.get("/readyz")).body).toEqual({ status: "ready", storage: "sqlite" });
  });

  it("exposes Prometheus metrics that count clicks", async () => {
    await h.click("demo", { ip: "192.0.2.50" });
    const res = await h.get("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    expect(res.text).toMatch(/selgeo_clicks_total\{mode="test",outcome="recorded"\} 1/);
    expect(res.text).toMatch(
      /selgeo_http_requests_total\{method="POST",route="\/api\/v1\/clicks",status="201"\}/,
    );
  });

  it("documents every mounted API route in openapi.json", async () => {
    const res = await h.get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries<Record<string, unknown>>(res.body.paths)) {
      for (const method of Object.keys(ops))
        documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`);
    }
    const mounted = h.app.routes
      .filter(
        (r) =>
          r.path.startsWith("/api/") &&
          !r.path.includes("*") &&
          r.method !== "ALL" &&
          r.method !== "OPTIONS" &&
          r.path !== "/api/v1/openapi.json",
      )
      .map((r) => `${r.method} ${r.path}`);
    expect(mounted.length).toBeGreaterThan(2);
    for (const route of mounted) expect(documented, route).toContain(route);
  });

  it("serves the interactive reference at /docs", async () => {
    const res = await h.get("/docs");
    expect(res.status).toBe(200);
    expect(res.text).toContain("/api/v1/openapi.json");
  });
});

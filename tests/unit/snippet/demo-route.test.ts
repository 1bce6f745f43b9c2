import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../../server/http/env";
import { onError } from "../../../server/http/errors";
import { DEMO_PAYMENT_LINK, registerDemo } from "../../../server/routes/demo";

const DEMO = {
  publishableKey: `pk_test_${"P".repeat(24)}`,
  secretKey: `sk_test_${"S".repeat(24)}`,
};

/** An app whose conversions endpoint records what the demo's "server side" sent it. */
function demoApp(options: { apiOrigin?: string } = {}) {
  const received: {
    authorization: string | undefined;
    requestId: string | undefined;
    body: Record<string, unknown>;
  }[] = [];
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.post("/api/v1/conversions", async (c) => {
    const body = await c.req.json();
    received.push({
      authorization: c.req.header("authorization"),
      requestId: c.req.header("x-request-id"),
      body,
    });
    return c.json(
      body.click_id
        ? {
            id: "conv_1",
            status: "attributed",
            reason: "ATTRIBUTED",
            partner_id: "prt_1",
            commission: { id: "com_1", amount_cents: 980, currency: "EUR", status: "pending" },
          }
        : {
            id: "conv_2",
            status: "unattributed",
            reason: "CLICK_ID_MISSING",
            partner_id: null,
            commission: null,
          },
      201,
    );
  });
  registerDemo(app, { ...DEMO, ...options });
  return { app, received };
}

describe("GET /demo", () => {
  it("is a shop page loading the snippet with the demo publishable key and a Payment Link", async () => {
    const { app } = demoApp();
    const response = await app.request("/demo");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain(
      `<script src="/v1/selgeo.js" data-merchant="${DEMO.publishableKey}" async></script>`,
    );
    expect(html).toContain(`href="${DEMO_PAYMENT_LINK}"`);
    expect(DEMO_PAYMENT_LINK).toMatch(/^https:\/\/buy\.stripe\.com\/test_/);
    expect(html).not.toContain(DEMO.secretKey);
  });

  it("points the snippet at another API origin when told to", async () => {
    const { app } = demoApp({ apiOrigin: "https://api.example" });
    expect(await (await app.request("/demo")).text()).toContain('data-api="https://api.example"');
  });
});

describe("the demo page's amounts", () => {
  it("shows the commission with its currency's exponent: ¥500 as 500, 1.500 KWD as 1.500", async () => {
    const page = await (await demoApp().app.request("/demo")).text();
    expect(page).toContain("€49.00");
    // The page's own formatter, run as the browser runs it.
    const source = /var exponents = [^\n]*\n\s*function decimal\([\s\S]*?\n {4}\}/.exec(page)?.[0];
    expect(source).toBeDefined();
    const decimal = new Function(`${source}; return decimal;`)() as (
      amount: number,
      currency: string,
    ) => string;
    expect(decimal(500, "JPY")).toBe("500");
    expect(decimal(1_500, "KWD")).toBe("1.500");
    expect(decimal(980, "EUR")).toBe("9.80");
  });
});

describe("POST /demo/buy", () => {
  it("reports a 49 EUR purchase with the secret key and the browser's click id", async () => {
    const { app, received } = demoApp();
    const response = await app.request("/demo/buy", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Request-Id": "req_demo_1" },
      body: JSON.stringify({ click_id: "clk_abc" }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status: "attributed", partner_id: "prt_1" });
    expect(received).toHaveLength(1);
    expect(received[0]!.authorization).toBe(`Bearer ${DEMO.secretKey}`);
    expect(received[0]!.requestId).toBe("req_demo_1");
    expect(received[0]!.body).toMatchObject({
      click_id: "clk_abc",
      event_type: "purchase",
      amount_cents: 4900,
      currency: "EUR",
    });
  });

  it("uses a new transaction id for every purchase", async () => {
    const { app, received } = demoApp();
    for (let i = 0; i < 2; i++) {
      await app.request("/demo/buy", { method: "POST", body: JSON.stringify({ click_id: null }) });
    }
    const [first, second] = received.map((r) => r.body.external_transaction_id);
    expect(first).toMatch(/^demo_/);
    expect(first).not.toBe(second);
  });

  it("reports without a click id when the visitor has none, and shows the API's answer", async () => {
    const { app, received } = demoApp();
    const response = await app.request("/demo/buy", {
      method: "POST",
      body: JSON.stringify({ click_id: null }),
    });
    expect(await response.json()).toMatchObject({
      status: "unattributed",
      reason: "CLICK_ID_MISSING",
    });
    expect(received[0]!.body).not.toHaveProperty("click_id");
  });

  it("refuses a click id that is not one", async () => {
    const { app, received } = demoApp();
    const response = await app.request("/demo/buy", {
      method: "POST",
      body: JSON.stringify({ click_id: "<script>" }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("VALIDATION_ERROR");
    expect(received).toHaveLength(0);
  });
});

// Control characters in what a caller puts in a URL — every text query parameter and every path
// id — are refused with 400 VALIDATION_ERROR naming the field, on both engines (PostgreSQL
// cannot even compare a NUL byte, and answered 500 with a stack), before any query runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialectsUnderTest } from "../support/dialects";
import { createHarness, type Harness } from "../support/harness";

const dialects = await dialectsUnderTest();

/** Every list's text parameters, and the key check's. */
const QUERY_PARAMETERS: Array<[path: string, parameter: string]> = [
  ["/api/v1/conversions", "click_id"],
  ["/api/v1/conversions", "external_transaction_id"],
  ["/api/v1/conversions", "partner_id"],
  ["/api/v1/conversions", "starting_after"],
  ["/api/v1/audit-log", "click_id"],
  ["/api/v1/audit-log", "conversion_id"],
  ["/api/v1/audit-log", "request_id"],
  ["/api/v1/audit-log", "external_transaction_id"],
  ["/api/v1/audit-log", "starting_after"],
  ["/api/v1/clicks", "partner_id"],
  ["/api/v1/clicks", "ref"],
  ["/api/v1/clicks", "starting_after"],
  ["/api/v1/commissions", "partner_id"],
  ["/api/v1/commissions", "conversion_id"],
  ["/api/v1/commissions", "starting_after"],
  ["/api/v1/partners", "program_id"],
  ["/api/v1/partners", "starting_after"],
  ["/api/v1/programs", "starting_after"],
  ["/api/v1/keys/check", "key"],
];

const PATHS = [
  "/api/v1/clicks/clk_%00",
  "/api/v1/conversions/conv_%00",
  "/api/v1/commissions/com_%00",
  "/api/v1/partners/prt_%00",
  "/api/v1/programs/prg_%00",
];

/** NUL, another C0 control, DEL. */
const CONTROLS = ["%00", "%1F", "%7F"];

describe.each(dialects)("control characters in URLs on $dialect", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await createHarness({ dialect });
  });
  afterAll(async () => h?.close());

  it.runIf(available).each(QUERY_PARAMETERS)("%s?%s= refuses them with 400", async (path, name) => {
    for (const control of CONTROLS) {
      const res = await h.get(`${path}?${name}=abc${control}`, { key: h.merchant.keys.sk_test });
      expect(res.status, `${name}=abc${control}`).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
      expect(res.body.error.details.fields[name]).toMatch(/control characters/);
    }
  });

  it.runIf(available).each(PATHS)("%s refuses them with 400", async (path) => {
    const res = await h.get(path, { key: h.merchant.keys.sk_test });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details.fields.id).toMatch(/control characters/);
  });

  it.runIf(available)("the Stripe webhook's merchant id refuses them with 400", async () => {
    for (const control of CONTROLS) {
      const res = await h.post(`/api/v1/webhooks/stripe/${h.merchant.merchant_id}${control}`, {
        rawBody: JSON.stringify({ id: "evt_1", type: "checkout.session.completed" }),
        headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=abc" },
      });
      expect(res.status, control).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
      expect(res.body.error.details.fields.merchant_id).toMatch(/control characters/);
      expect(res.body.error.request_id).toMatch(/^req_/);
    }
  });

  it.runIf(available)("still answers the same parameters without them", async () => {
    // A cursor must name an object of the list: "abc" is refused for that, not for its text.
    for (const [path, name] of QUERY_PARAMETERS.filter(([, name]) => name !== "starting_after")) {
      const res = await h.get(`${path}?${name}=abc`, { key: h.merchant.keys.sk_test });
      expect(res.status, `${path}?${name}=abc`).toBe(200);
    }
  });
});

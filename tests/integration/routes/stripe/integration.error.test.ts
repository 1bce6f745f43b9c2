import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";
import { connectStripe, TEST_SECRET } from "../../../support/stripe-events";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await connectStripe(h);
});
afterAll(async () => h.close());

describe("PUT /api/v1/integrations/stripe: errors", () => {
  const put = (body: unknown, key: string | null = h.merchant.keys.sk_test) =>
    h.put("/api/v1/integrations/stripe", { ...(key ? { key } : {}), body });

  it("refuses a value that is not a signing secret, naming the field without echoing it", async () => {
    for (const value of [
      "sk_test_abcdefghijklmnopqrstuvwx",
      "whsec_",
      "whsec_has spaces in it",
      42,
      "",
    ]) {
      const res = await put({ webhook_secret: value });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
      expect(res.body.error.details.fields).toHaveProperty("webhook_secret");
      if (typeof value === "string" && value.length > 6) expect(res.text).not.toContain(value);
    }
  });

  it("refuses a missing field, unknown fields and a non-JSON body", async () => {
    expect((await put({})).status).toBe(400);
    expect((await put({ webhook_secret: TEST_SECRET, mode: "live" })).status).toBe(400);
    const raw = await h.put("/api/v1/integrations/stripe", {
      key: h.merchant.keys.sk_test,
      rawBody: "whsec_plain",
      headers: { "Content-Type": "text/plain" },
    });
    expect(raw.status).toBe(400);
    expect(raw.body.error.code).toBe("INVALID_JSON");
  });

  it("needs a secret key", async () => {
    expect((await put({ webhook_secret: TEST_SECRET }, null)).status).toBe(401);
    const pk = await put({ webhook_secret: TEST_SECRET }, h.merchant.keys.pk_test);
    expect(pk.status).toBe(401);
    expect(pk.body.error.code).toBe("SECRET_KEY_REQUIRED");
    const get = await h.get("/api/v1/integrations/stripe", { key: h.merchant.keys.pk_live });
    expect(get.status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";

describe("GET /api/v1/stats: refusals", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it.each([
    ["from=2026-02-30", "from"],
    ["to=yesterday", "to"],
    ["from=2026-03-02&to=2026-03-01", "from"],
    ["from=2025-01-01&to=2026-03-01", "from"],
    ["form=2026-03-01", "form"],
  ])("?%s is 400 naming %s", async (query, field) => {
    const res = await h.get(`/api/v1/stats?${query}`, { key: h.merchant.keys.sk_test });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
  });

  it("defaults to the last 30 days, today included", async () => {
    h.clock.set("2026-05-31T12:00:00.000Z");
    const res = await h.get("/api/v1/stats", { key: h.merchant.keys.sk_test });
    expect(res.body).toMatchObject({ from: "2026-05-02", to: "2026-05-31" });
    expect(res.body.days).toHaveLength(30);
  });

  it("needs a secret key or a session", async () => {
    expect((await h.get("/api/v1/stats")).status).toBe(401);
    expect((await h.get("/api/v1/stats", { key: h.merchant.keys.pk_test })).status).toBe(401);
  });
});

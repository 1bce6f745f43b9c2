import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";

describe("clicks: read errors", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  it("404 NOT_FOUND for an unknown click id", async () => {
    const res = await h.get("/api/v1/clicks/clk_unknown", { key: sk });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  });

  it("404 for a click of the other mode, saying which mode was searched", async () => {
    const live = await h.click("demo", { key: h.merchant.keys.pk_live, ip: "198.51.100.2" });
    const res = await h.get(`/api/v1/clicks/${live.body.click_id}`, { key: sk });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain("test mode");
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=1.5", "limit"],
    ["starting_after=clk_unknown", "starting_after"],
  ])("list: 400 VALIDATION_ERROR for %s", async (query, field) => {
    const res = await h.get(`/api/v1/clicks?${query}`, { key: sk });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details.fields).toHaveProperty([field]);
  });

  it("list: a click of the other mode is not a valid cursor", async () => {
    const live = await h.click("demo", { key: h.merchant.keys.pk_live, ip: "198.51.100.3" });
    const res = await h.get(`/api/v1/clicks?starting_after=${live.body.click_id}`, { key: sk });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toHaveProperty(["starting_after"]);
  });

  it("list: a filter matching nothing is an empty page, not an error", async () => {
    const res = await h.get("/api/v1/clicks?ref=nobody", { key: sk });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], has_more: false });
  });
});

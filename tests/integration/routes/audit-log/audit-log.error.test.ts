import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";
import { insertAuditEntry } from "../../../support/rows";

describe("audit log: errors", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  it.each([
    ["limit=0", "limit"],
    ["starting_after=aud_unknown", "starting_after"],
    [`request_id=${"r".repeat(201)}`, "request_id"],
  ])("400 VALIDATION_ERROR for %s", async (query, field) => {
    const res = await h.get(`/api/v1/audit-log?${query}`, { key: sk });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details.fields).toHaveProperty([field]);
  });

  it("an unknown id is an empty result, not an error", async () => {
    const res = await h.get("/api/v1/audit-log?click_id=clk_nothing", { key: sk });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], has_more: false });
  });

  it("facts that are not a JSON object still read instead of failing the page", async () => {
    const row = await insertAuditEntry(h, { mode: "test", facts: "not json" });
    const res = await h.get(`/api/v1/audit-log?conversion_id=${row.conversion_id}`, { key: sk });
    expect(res.status).toBe(200);
    expect(res.body.data[0].facts).toEqual({ raw: "not json" });
  });
});

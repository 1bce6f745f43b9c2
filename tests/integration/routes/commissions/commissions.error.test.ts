import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";
import { insertCommission } from "../../../support/rows";

describe("commissions: read errors", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  it("404 NOT_FOUND for an unknown commission and for one of the other mode", async () => {
    const live = await insertCommission(h, { mode: "live" });
    for (const id of ["com_unknown", live.id]) {
      const res = await h.get(`/api/v1/commissions/${id}`, { key: sk });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
  });

  it.each([
    ["status=settled", "status"],
    ["limit=-1", "limit"],
    ["starting_after=com_unknown", "starting_after"],
  ])("list: 400 VALIDATION_ERROR for %s", async (query, field) => {
    const res = await h.get(`/api/v1/commissions?${query}`, { key: sk });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details.fields).toHaveProperty([field]);
  });
});

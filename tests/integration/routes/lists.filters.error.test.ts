import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../support/harness";

describe("list filters: refusals", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it.each([
    "/api/v1/clicks",
    "/api/v1/conversions",
    "/api/v1/commissions",
    "/api/v1/audit-log",
    "/api/v1/partners",
    "/api/v1/programs",
    "/api/v1/keys",
  ])("%s answers an unknown parameter with 400 naming it", async (path) => {
    const res = await h.get(`${path}?created[gt]=2026-01-01&partnerid=x`, {
      key: h.merchant.keys.sk_test,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    // A near miss names the parameter that was meant; partner_id is a filter of some lists only.
    const hasPartnerFilter = ["/api/v1/clicks", "/api/v1/conversions", "/api/v1/commissions"];
    expect(res.body.error.details.fields).toEqual({
      "created[gt]": "is not a parameter of this endpoint; did you mean created[gte]?",
      partnerid: hasPartnerFilter.includes(path)
        ? "is not a parameter of this endpoint; did you mean partner_id?"
        : "is not a parameter of this endpoint",
    });
    expect(res.body.error.message).toContain("created[gt]");
  });

  it.each(["yesterday", "2026-13-01", "2026-03-01T25:00:00Z", "1700000000"])(
    "created[gte]=%s is 400",
    async (value) => {
      const res = await h.get(`/api/v1/clicks?created[gte]=${value}`, {
        key: h.merchant.keys.sk_test,
      });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.details.fields)).toEqual(["created[gte]"]);
    },
  );

  it("an unknown reason or status is 400", async () => {
    const reason = await h.get("/api/v1/conversions?reason=BECAUSE", {
      key: h.merchant.keys.sk_test,
    });
    expect(reason.status).toBe(400);
    const status = await h.get("/api/v1/commissions?status=settled", {
      key: h.merchant.keys.sk_test,
    });
    expect(status.status).toBe(400);
  });

  it("documents the range filters and the reason filter in OpenAPI", async () => {
    const doc = (await h.get("/api/v1/openapi.json")).body;
    for (const path of [
      "/api/v1/clicks",
      "/api/v1/conversions",
      "/api/v1/commissions",
      "/api/v1/audit-log",
    ]) {
      const names = doc.paths[path].get.parameters.map((p: any) => p.name);
      expect(names).toEqual(expect.arrayContaining(["created[gte]", "created[lt]"]));
    }
    const conversionParams = doc.paths["/api/v1/conversions"].get.parameters.map(
      (p: any) => p.name,
    );
    expect(conversionParams).toContain("reason");
    expect(doc.paths["/api/v1/stats"].get).toBeDefined();
    expect(doc.paths["/api/v1/keys/{id}/rotate"].post).toBeDefined();
  });
});

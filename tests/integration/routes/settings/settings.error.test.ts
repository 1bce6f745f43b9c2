import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";

describe("settings: errors", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
    await h.patch("/api/v1/settings", {
      key: sk,
      body: { allowed_origins: ["https://keep.example"] },
    });
  });
  afterAll(async () => h.close());

  it.each([
    ["a path", "https://shop.example/checkout"],
    ["a query", "https://shop.example?x=1"],
    ["credentials", "https://user:pw@shop.example"],
    ["a wildcard", "https://*.shop.example"],
    ["another scheme", "ftp://shop.example"],
    ["no scheme", "shop.example"],
    ["null", "null"],
    ["not text", 42],
  ])("400 VALIDATION_ERROR for an origin with %s; the stored list is kept", async (_n, origin) => {
    const res = await h.patch("/api/v1/settings", {
      key: sk,
      body: { allowed_origins: ["https://fine.example", origin] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(res.body.error.details.fields).toHaveProperty(["allowed_origins.1"]);
    const read = await h.get("/api/v1/settings", { key: sk });
    expect(read.body.allowed_origins).toEqual(["https://keep.example"]);
  });

  it("at most 50 origins", async () => {
    const origins = Array.from({ length: 51 }, (_, i) => `https://s${i}.example`);
    const res = await h.patch("/api/v1/settings", { key: sk, body: { allowed_origins: origins } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toHaveProperty(["allowed_origins"]);
    const fifty = await h.patch("/api/v1/settings", {
      key: sk,
      body: { allowed_origins: origins.slice(0, 50) },
    });
    expect(fifty.status).toBe(200);
    await h.patch("/api/v1/settings", {
      key: sk,
      body: { allowed_origins: ["https://keep.example"] },
    });
  });

  it("not an array, or an unknown setting, is refused", async () => {
    for (const body of [{ allowed_origins: "https://a.example" }, { allowed_origin: [] }]) {
      const res = await h.patch("/api/v1/settings", { key: sk, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
  });

  it("a click with no Origin header is refused once origins are locked", async () => {
    const res = await h.click("demo", { ip: "198.51.100.40" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("ORIGIN_NOT_ALLOWED");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";

describe("settings: allowed origins", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  it("starts open to any origin", async () => {
    const res = await h.get("/api/v1/settings", { key: sk });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      object: "settings",
      merchant_id: h.merchant.merchant_id,
      allowed_origins: [],
    });
  });

  it("normalises origins as browsers send them and drops duplicates", async () => {
    const res = await h.patch("/api/v1/settings", {
      key: sk,
      body: {
        allowed_origins: [
          "https://Shop.Example",
          "https://shop.example:443/",
          "http://localhost:3000",
          "https://bücher.example",
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.allowed_origins).toEqual([
      "https://shop.example",
      "http://localhost:3000",
      "https://xn--bcher-kva.example",
    ]);
    const read = await h.get("/api/v1/settings", { key: h.merchant.keys.sk_live });
    expect(read.body.allowed_origins).toEqual(res.body.allowed_origins);
  });

  it("a click from a listed origin is recorded; from any other, 403 ORIGIN_NOT_ALLOWED", async () => {
    await h.patch("/api/v1/settings", {
      key: sk,
      body: { allowed_origins: ["https://shop.example"] },
    });
    const listed = await h.click("demo", {
      ip: "198.51.100.30",
      headers: { Origin: "https://shop.example" },
    });
    expect(listed.status).toBe(201);

    const other = await h.click("demo", {
      ip: "198.51.100.31",
      headers: { Origin: "https://evil.example" },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("ORIGIN_NOT_ALLOWED");

    const live = await h.click("demo", {
      key: h.merchant.keys.pk_live,
      ip: "198.51.100.32",
      headers: { Origin: "https://evil.example" },
    });
    expect(live.status).toBe(403);
  });

  it("an empty list opens the key to any origin again", async () => {
    await h.patch("/api/v1/settings", {
      key: sk,
      body: { allowed_origins: ["https://shop.example"] },
    });
    const res = await h.patch("/api/v1/settings", { key: sk, body: { allowed_origins: [] } });
    expect(res.body.allowed_origins).toEqual([]);
    const click = await h.click("demo", {
      ip: "198.51.100.33",
      headers: { Origin: "https://anywhere.example" },
    });
    expect(click.status).toBe(201);
  });

  it("an empty patch changes nothing", async () => {
    await h.patch("/api/v1/settings", {
      key: sk,
      body: { allowed_origins: ["https://a.example"] },
    });
    const res = await h.patch("/api/v1/settings", { key: sk, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.allowed_origins).toEqual(["https://a.example"]);
  });

  it("one merchant's origins do not restrict another's keys", async () => {
    await h.patch("/api/v1/settings", {
      key: sk,
      body: { allowed_origins: ["https://a.example"] },
    });
    const other = await h.otherMerchant();
    const settings = await h.get("/api/v1/settings", { key: other.keys.sk_test });
    expect(settings.body).toEqual({
      object: "settings",
      merchant_id: other.merchant_id,
      allowed_origins: [],
    });
  });
});

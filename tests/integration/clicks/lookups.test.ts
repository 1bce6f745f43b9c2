// The click path caches the key's merchant and the ref's partner for a few seconds; a change
// made through the API must still reach the very next click.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../server/lib/clock";
import { createHarness, type Harness } from "../../support/harness";

describe("click lookups stay fresh after merchant changes", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it("applies a new attribution window to the next click", async () => {
    expect((await h.click("demo", { ip: "192.0.2.60" })).status).toBe(201);
    const patched = await h.patch(`/api/v1/programs/${h.program.id}`, {
      key: h.merchant.keys.sk_test,
      body: { attribution_window_days: 3, attribution_model: "first_click" },
    });
    expect(patched.status).toBe(200);
    const next = await h.click("demo", { ip: "192.0.2.61" });
    expect(new Date(next.body.expires_at).getTime() - h.clock.now().getTime()).toBe(3 * DAY_MS);
    expect(next.body.attribution_model).toBe("first_click");
  });

  it("applies an origin lock to the next click", async () => {
    expect(
      (await h.click("demo", { ip: "192.0.2.62", headers: { Origin: "https://a.example" } }))
        .status,
    ).toBe(201);
    await h.patch("/api/v1/settings", {
      key: h.merchant.keys.sk_test,
      body: { allowed_origins: ["https://b.example"] },
    });
    const refused = await h.click("demo", {
      ip: "192.0.2.63",
      headers: { Origin: "https://a.example" },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("ORIGIN_NOT_ALLOWED");
  });

  it("finds a partner created a moment after its ref was refused", async () => {
    const origin = { Origin: "https://b.example" };
    expect((await h.click("fresh-ref", { ip: "192.0.2.64", headers: origin })).status).toBe(404);
    await h.post("/api/v1/partners", {
      key: h.merchant.keys.sk_test,
      body: { name: "Fresh", program_id: h.program.id, ref: "fresh-ref", status: "approved" },
    });
    expect((await h.click("fresh-ref", { ip: "192.0.2.64", headers: origin })).status).toBe(201);
  });
});

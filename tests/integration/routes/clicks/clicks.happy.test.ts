import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";

describe("clicks: reading them back", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  it("gets a click by id, without the visitor hash", async () => {
    const made = await h.click("demo", { ip: "198.51.100.1" });
    const res = await h.get(`/api/v1/clicks/${made.body.click_id}`, { key: sk });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: made.body.click_id,
      object: "click",
      mode: "test",
      partner_id: h.partner.id,
      program_id: h.program.id,
      ref: "demo",
      url: "https://shop.example/?ref=demo",
      referrer: null,
      created_at: h.clock.now().toISOString(),
      expires_at: made.body.expires_at,
    });
    expect(res.text).not.toContain("visitor");
  });

  it("lists newest first, filtered by partner_id and ref, with pagination", async () => {
    const fresh = await createHarness();
    try {
      const key = fresh.merchant.keys.sk_test;
      const other = await fresh.createPartner({ ref: "other" });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const ref = i % 2 === 0 ? "demo" : "other";
        const click = await fresh.click(ref, { ip: `198.51.100.${i + 10}` });
        ids.unshift(click.body.click_id);
        fresh.clock.advance(1000);
      }
      const all = await fresh.get("/api/v1/clicks", { key });
      expect(all.body.data.map((c: { id: string }) => c.id)).toEqual(ids);

      const byPartner = await fresh.get(`/api/v1/clicks?partner_id=${other.id}`, { key });
      expect(byPartner.body.data).toHaveLength(2);
      expect(byPartner.body.data.every((c: { ref: string }) => c.ref === "other")).toBe(true);

      const byRef = await fresh.get("/api/v1/clicks?ref=demo", { key });
      expect(byRef.body.data).toHaveLength(3);

      const first = await fresh.get("/api/v1/clicks?limit=2", { key });
      const second = await fresh.get(
        `/api/v1/clicks?limit=2&starting_after=${first.body.data[1].id}`,
        { key },
      );
      const third = await fresh.get(
        `/api/v1/clicks?limit=2&starting_after=${second.body.data[1].id}`,
        { key },
      );
      expect([first, second, third].map((p) => p.body.has_more)).toEqual([true, true, false]);
      expect(
        [first, second, third].flatMap((p) => p.body.data.map((c: { id: string }) => c.id)),
      ).toEqual(ids);
    } finally {
      await fresh.close();
    }
  });
});

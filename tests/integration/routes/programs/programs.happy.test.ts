import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";

describe("programs: happy paths", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  it("creates a program with the defaults", async () => {
    const res = await h.post("/api/v1/programs", {
      key: sk,
      body: { name: "Creators", commission: { type: "percent", percent: 12.5 } },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^prg_/),
      object: "program",
      name: "Creators",
      attribution_window_days: 30,
      commission: { type: "percent", percent: 12.5 },
      recurring_months: 0,
      attribution_model: "last_click",
      trial_bounty: null,
      commission_base_includes_shipping: false,
      attribute_by_ref: false,
      hold_days: 30,
      fraud: {
        self_referral: true,
        customer_partners: 3,
        customer_partners_days: 30,
        visitor_clicks: 5,
        visitor_clicks_minutes: 10,
        click_seconds: 10,
        automated_seconds: 600,
        network_clicks: 50,
        network_clicks_minutes: 10,
      },
      promo_code_precedence: "code",
      created_at: h.clock.now().toISOString(),
      updated_at: h.clock.now().toISOString(),
    });
  });

  it("creates a flat, recurring, first-click program and reads it back", async () => {
    const created = await h.post("/api/v1/programs", {
      key: sk,
      body: {
        name: "Agencies",
        attribution_window_days: 90,
        commission: { type: "flat", amount_cents: 500, currency: "eur" },
        recurring_months: 12,
        attribution_model: "first_click",
        trial_bounty: { amount_cents: 300, currency: "jpy" },
        commission_base_includes_shipping: true,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.commission).toEqual({ type: "flat", amount_cents: 500, currency: "EUR" });
    expect(created.body.trial_bounty).toEqual({ amount_cents: 300, currency: "JPY" });
    expect(created.body.commission_base_includes_shipping).toBe(true);
    const read = await h.get(`/api/v1/programs/${created.body.id}`, { key: sk });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it("updates only the fields sent and moves updated_at", async () => {
    const created = await h.post("/api/v1/programs", {
      key: sk,
      body: { name: "To change", commission: { type: "percent", percent: 10 } },
    });
    h.clock.advance(1000);
    const updated = await h.patch(`/api/v1/programs/${created.body.id}`, {
      key: sk,
      body: {
        attribution_window_days: 7,
        commission: { type: "flat", amount_cents: 900, currency: "USD" },
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: "To change",
      attribution_window_days: 7,
      commission: { type: "flat", amount_cents: 900, currency: "USD" },
      created_at: created.body.created_at,
    });
    expect(updated.body.updated_at).not.toBe(created.body.updated_at);
    const read = await h.get(`/api/v1/programs/${created.body.id}`, { key: sk });
    expect(read.body).toEqual(updated.body);
  });

  it("sets and removes a trial bounty, and puts shipping in the commission base", async () => {
    const created = await h.post("/api/v1/programs", {
      key: sk,
      body: { name: "Trials", commission: { type: "percent", percent: 10 } },
    });
    const path = `/api/v1/programs/${created.body.id}`;
    const set = await h.patch(path, {
      key: sk,
      body: {
        trial_bounty: { amount_cents: 1500, currency: "KWD" },
        commission_base_includes_shipping: true,
      },
    });
    expect(set.body).toMatchObject({
      trial_bounty: { amount_cents: 1500, currency: "KWD" },
      commission_base_includes_shipping: true,
    });
    const removed = await h.patch(path, { key: sk, body: { trial_bounty: null } });
    expect(removed.body).toMatchObject({
      trial_bounty: null,
      commission_base_includes_shipping: true,
    });
  });

  it("a program made with a test key is visible with the live key (shared by both modes)", async () => {
    const created = await h.post("/api/v1/programs", {
      key: sk,
      body: { name: "Shared", commission: { type: "percent", percent: 5 } },
    });
    const read = await h.get(`/api/v1/programs/${created.body.id}`, {
      key: h.merchant.keys.sk_live,
    });
    expect(read.status).toBe(200);
  });

  it("lists newest first and pages with starting_after without gaps or repeats", async () => {
    const fresh = await createHarness();
    try {
      const key = fresh.merchant.keys.sk_test;
      // Several programs share one creation time: the id breaks the tie.
      for (let i = 0; i < 6; i++) {
        await fresh.createProgram({ name: `p${i}` });
        if (i % 2 === 0) fresh.clock.advance(1000);
      }
      const all = await fresh.get("/api/v1/programs?limit=100", { key });
      expect(all.body.data).toHaveLength(7);
      expect(all.body.has_more).toBe(false);
      const times = all.body.data.map((p: { created_at: string }) => p.created_at);
      expect([...times].sort().reverse()).toEqual(times);

      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const query = `limit=3${cursor ? `&starting_after=${cursor}` : ""}`;
        const page = await fresh.get(`/api/v1/programs?${query}`, { key });
        expect(page.status).toBe(200);
        seen.push(...page.body.data.map((p: { id: string }) => p.id));
        if (!page.body.has_more) break;
        cursor = page.body.data.at(-1).id;
      }
      expect(seen).toEqual(all.body.data.map((p: { id: string }) => p.id));
    } finally {
      await fresh.close();
    }
  });

  it("defaults to 10 per page", async () => {
    const fresh = await createHarness();
    try {
      for (let i = 0; i < 11; i++) await fresh.createProgram({ name: `p${i}` });
      const page = await fresh.get("/api/v1/programs", { key: fresh.merchant.keys.sk_test });
      expect(page.body.data).toHaveLength(10);
      expect(page.body.has_more).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";
import { insertCommission } from "../../../support/rows";

describe("commissions: reading them back", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  it("gets a commission by id", async () => {
    const row = await insertCommission(h, {
      mode: "test",
      amount_cents: 1234,
      reversed_amount_cents: 200,
      status: "partially_reversed",
    });
    const res = await h.get(`/api/v1/commissions/${row.id}`, { key: sk });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: row.id,
      object: "commission",
      mode: "test",
      conversion_id: row.conversion_id,
      partner_id: h.partner.id,
      program_id: h.program.id,
      amount_cents: 1234,
      reversed_amount_cents: 200,
      currency: "EUR",
      status: "partially_reversed",
      held_by: null,
      due_at: null,
      payout_id: null,
      paid_at: null,
      paid_amount_cents: null,
      created_at: row.created_at,
      updated_at: row.updated_at,
    });
  });

  it("lists newest first, filtered by partner_id, status and conversion_id", async () => {
    const fresh = await createHarness();
    try {
      const key = fresh.merchant.keys.sk_test;
      const other = await fresh.createPartner({ ref: "other" });
      const a = await insertCommission(fresh, { mode: "test" });
      fresh.clock.advance(1000);
      const b = await insertCommission(fresh, { mode: "test", partner_id: other.id });
      fresh.clock.advance(1000);
      const c = await insertCommission(fresh, { mode: "test", status: "reversed" });

      const ids = (res: { body: { data: Array<{ id: string }> } }) =>
        res.body.data.map((item) => item.id);
      expect(ids(await fresh.get("/api/v1/commissions", { key }))).toEqual([c.id, b.id, a.id]);
      expect(ids(await fresh.get(`/api/v1/commissions?partner_id=${other.id}`, { key }))).toEqual([
        b.id,
      ]);
      expect(ids(await fresh.get("/api/v1/commissions?status=reversed", { key }))).toEqual([c.id]);
      expect(
        ids(await fresh.get(`/api/v1/commissions?conversion_id=${a.conversion_id}`, { key })),
      ).toEqual([a.id]);

      const page = await fresh.get(`/api/v1/commissions?limit=1&starting_after=${c.id}`, { key });
      expect(ids(page)).toEqual([b.id]);
      expect(page.body.has_more).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

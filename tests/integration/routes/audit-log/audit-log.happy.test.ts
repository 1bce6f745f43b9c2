import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";
import { insertAuditEntry } from "../../../support/rows";

describe("audit log: look-ups", () => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    h = await createHarness();
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h.close());

  it("an entry carries time, mode, request id, subject, decision, reason and parsed facts", async () => {
    const row = await insertAuditEntry(h, { mode: "test" });
    const res = await h.get(`/api/v1/audit-log?conversion_id=${row.conversion_id}`, { key: sk });
    expect(res.status).toBe(200);
    expect(res.body.has_more).toBe(false);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      id: row.id,
      object: "audit_entry",
      created_at: row.created_at,
      mode: "test",
      request_id: row.request_id,
      action: "attribution",
      decision: "unattributed",
      reason: "ATTRIBUTION_WINDOW_EXPIRED",
      click_id: row.click_id,
      conversion_id: row.conversion_id,
      external_transaction_id: row.external_transaction_id,
      stripe_event_id: null,
      facts: { click_created_at: "2026-01-01T00:00:00.000Z", window_days: 30 },
      explanation: {
        guide_section: "Conversions not attributed › Attribution window expired",
        cause: expect.stringContaining("attribution window"),
        fix: expect.stringContaining("attribution window"),
      },
    });
  });

  it('an ATTRIBUTED decision is explained without the "Conversions not attributed" heading', async () => {
    const click = await h.click("demo", { ip: "198.51.100.77" });
    const conversion = await h.post("/api/v1/conversions", {
      key: sk,
      body: {
        click_id: click.body.click_id,
        event_type: "purchase",
        external_transaction_id: "txn_attributed_heading",
        amount_cents: 1000,
        currency: "EUR",
      },
    });
    expect(conversion.body.reason).toBe("ATTRIBUTED");
    const res = await h.get(`/api/v1/audit-log?conversion_id=${conversion.body.id}`, { key: sk });
    const entry = res.body.data.find((e: { action: string }) => e.action === "attribution");
    expect(entry).toMatchObject({
      decision: "attributed",
      reason: "ATTRIBUTED",
      explanation: { guide_section: null, cause: expect.stringContaining("attributed"), fix: "" },
    });
    expect(JSON.stringify(entry)).not.toContain("not attributed");
  });

  it("bookkeeping entries the guide does not cover have no explanation", async () => {
    const row = await insertAuditEntry(h, {
      mode: "test",
      action: "stripe_event",
      decision: "ignored",
      reason: "EVENT_TYPE_NOT_HANDLED",
    });
    const res = await h.get(`/api/v1/audit-log?click_id=${row.click_id}`, { key: sk });
    expect(res.body.data[0].explanation).toBeNull();
  });

  it("finds entries by each of click_id, conversion_id, request_id and external_transaction_id", async () => {
    const target = await insertAuditEntry(h, { mode: "test" });
    await insertAuditEntry(h, { mode: "test" });
    for (const field of [
      "click_id",
      "conversion_id",
      "request_id",
      "external_transaction_id",
    ] as const) {
      const res = await h.get(`/api/v1/audit-log?${field}=${target[field]}`, { key: sk });
      expect(res.status, field).toBe(200);
      expect(
        res.body.data.map((e: { id: string }) => e.id),
        field,
      ).toEqual([target.id]);
    }
  });

  it("one request id can cover several entries, newest first; filters combine", async () => {
    const requestId = "req_merchant_supplied-42";
    const first = await insertAuditEntry(h, { mode: "test", request_id: requestId });
    h.clock.advance(1000);
    const second = await insertAuditEntry(h, {
      mode: "test",
      request_id: requestId,
      action: "refund",
    });
    const both = await h.get(`/api/v1/audit-log?request_id=${requestId}`, { key: sk });
    expect(both.body.data.map((e: { id: string }) => e.id)).toEqual([second.id, first.id]);
    const narrowed = await h.get(
      `/api/v1/audit-log?request_id=${requestId}&click_id=${first.click_id}`,
      { key: sk },
    );
    expect(narrowed.body.data.map((e: { id: string }) => e.id)).toEqual([first.id]);
  });

  it("without a filter it lists the mode's entries, paginated", async () => {
    const fresh = await createHarness();
    try {
      const key = fresh.merchant.keys.sk_live;
      const rows = [];
      for (let i = 0; i < 3; i++) {
        rows.unshift(await insertAuditEntry(fresh, { mode: "live" }));
        fresh.clock.advance(1000);
      }
      await insertAuditEntry(fresh, { mode: "test" });
      const page1 = await fresh.get("/api/v1/audit-log?limit=2", { key });
      const page2 = await fresh.get(
        `/api/v1/audit-log?limit=2&starting_after=${page1.body.data[1].id}`,
        { key },
      );
      expect([...page1.body.data, ...page2.body.data].map((e: { id: string }) => e.id)).toEqual(
        rows.map((r) => r.id),
      );
      expect([page1.body.has_more, page2.body.has_more]).toEqual([true, false]);
    } finally {
      await fresh.close();
    }
  });
});

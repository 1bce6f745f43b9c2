// Secret keys only; a merchant never reaches another merchant's conversions or clicks; a test
// key never reaches live conversions, and the other way round.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedMerchant } from "../../../../server/merchants/create";
import { auditEntries, convert, txn } from "../../../support/conversions";
import { createHarness, type Harness } from "../../../support/harness";

let h: Harness;
let other: CreatedMerchant;
let testConversion: string;
let liveConversion: string;
beforeAll(async () => {
  h = await createHarness();
  other = await h.otherMerchant();
  testConversion = (await convert(h, {})).body.id;
  liveConversion = (await convert(h, {}, { key: h.merchant.keys.sk_live })).body.id;
});
afterAll(async () => h.close());

const endpoints = () => [
  { method: "POST", path: "/api/v1/conversions", body: { external_transaction_id: txn() } },
  { method: "GET", path: "/api/v1/conversions" },
  { method: "GET", path: `/api/v1/conversions/${testConversion}` },
  {
    method: "POST",
    path: `/api/v1/conversions/${testConversion}/refunds`,
    body: { amount_cents: 1 },
  },
];

describe("keys", () => {
  it("every conversion endpoint refuses a publishable key with SECRET_KEY_REQUIRED", async () => {
    for (const { method, path, body } of endpoints()) {
      for (const key of [h.merchant.keys.pk_test, h.merchant.keys.pk_live]) {
        const res = await h.call(method, path, { key, ...(body ? { body } : {}) });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body.error.code).toBe("SECRET_KEY_REQUIRED");
      }
    }
  });

  it("every conversion endpoint refuses a missing, malformed or unknown key with INVALID_API_KEY", async () => {
    const unknown = `sk_test_${"A".repeat(30)}`;
    for (const { method, path, body } of endpoints()) {
      for (const key of [undefined, "sk_test_short", unknown, "Bearer"]) {
        const res = await h.call(method, path, {
          ...(key ? { key } : {}),
          ...(body ? { body } : {}),
        });
        expect(res.status, `${method} ${path} ${key}`).toBe(401);
        expect(res.body.error.code).toBe("INVALID_API_KEY");
      }
    }
  });

  it("nothing is recorded when the key is refused", async () => {
    const transaction = txn();
    await convert(h, { external_transaction_id: transaction }, { key: h.merchant.keys.pk_test });
    const rows = await h.services.store.db
      .selectFrom("conversions")
      .select("id")
      .where("external_transaction_id", "=", transaction)
      .execute();
    expect(rows).toEqual([]);
  });
});

describe("merchant isolation", () => {
  it("another merchant's secret key cannot get, list or refund the conversion", async () => {
    const key = other.keys.sk_test;
    const get = await h.get(`/api/v1/conversions/${testConversion}`, { key });
    expect(get.status).toBe(404);
    expect(get.body.error.code).toBe("NOT_FOUND");
    const list = await h.get("/api/v1/conversions", { key });
    expect(list.body.data).toEqual([]);
    const byPartner = await h.get(`/api/v1/conversions?partner_id=${h.partner.id}`, { key });
    expect(byPartner.body.data).toEqual([]);
    const refund = await h.post(`/api/v1/conversions/${testConversion}/refunds`, {
      key,
      body: { amount_cents: 100 },
    });
    expect(refund.status).toBe(404);
    const stored = await h.services.store.db
      .selectFrom("conversions")
      .select("refunded_amount_cents")
      .where("id", "=", testConversion)
      .executeTakeFirstOrThrow();
    expect(Number(stored.refunded_amount_cents)).toBe(0);
  });

  it("another merchant's click id is CLICK_NOT_FOUND, and nothing of that click leaks", async () => {
    const click = await h.click("demo", { ip: "192.0.2.77" });
    const res = await convert(h, { click_id: click.body.click_id }, { key: other.keys.sk_test });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "unattributed",
      reason: "CLICK_NOT_FOUND",
      partner_id: null,
      program_id: null,
      commission: null,
    });
    const [entry] = await auditEntries(h, { conversion_id: res.body.id });
    expect(entry?.merchant_id).toBe(other.merchant_id);
    expect(entry?.facts).toMatchObject({ click: null });
    expect(JSON.stringify(entry?.facts)).not.toContain(h.partner.id);
  });

  it("a duplicate check never reveals another merchant's transaction ids", async () => {
    const transaction = txn();
    await convert(h, { external_transaction_id: transaction });
    const res = await convert(
      h,
      { external_transaction_id: transaction },
      { key: other.keys.sk_test },
    );
    expect(res.status).toBe(201);
  });

  it("pagination cursors of another merchant are unknown", async () => {
    const res = await h.get(`/api/v1/conversions?starting_after=${testConversion}`, {
      key: other.keys.sk_test,
    });
    expect(res.status).toBe(400);
  });
});

describe("mode isolation", () => {
  it("a test key never reads, lists or refunds a live conversion, and the other way round", async () => {
    for (const [key, foreign, own] of [
      [h.merchant.keys.sk_test, liveConversion, testConversion],
      [h.merchant.keys.sk_live, testConversion, liveConversion],
    ] as const) {
      const get = await h.get(`/api/v1/conversions/${foreign}`, { key });
      expect(get.status).toBe(404);
      expect(get.body.error.code).toBe("NOT_FOUND");
      const list = await h.get("/api/v1/conversions?limit=100", { key });
      const ids = list.body.data.map((c: { id: string }) => c.id);
      expect(ids).toContain(own);
      expect(ids).not.toContain(foreign);
      const refund = await h.post(`/api/v1/conversions/${foreign}/refunds`, {
        key,
        body: { amount_cents: 1 },
      });
      expect(refund.status).toBe(404);
    }
  });

  it("a live conversion's commission and audit entry are live", async () => {
    const click = await h.click("demo", { key: h.merchant.keys.pk_live, ip: "192.0.2.78" });
    const res = await convert(
      h,
      { click_id: click.body.click_id },
      { key: h.merchant.keys.sk_live },
    );
    expect(res.body).toMatchObject({ mode: "live", status: "attributed" });
    const commission = await h.services.store.db
      .selectFrom("commissions")
      .select("mode")
      .where("conversion_id", "=", res.body.id)
      .executeTakeFirstOrThrow();
    expect(commission.mode).toBe("live");
    const [entry] = await auditEntries(h, { conversion_id: res.body.id });
    expect(entry?.mode).toBe("live");
  });
});

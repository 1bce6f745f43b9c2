// Refunds in part and whole: the conversion's refunded total, the commission reversed in
// proportion, a refund row, and an audit entry with the request id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundConversion } from "../../../../server/refunds/refund";
import { auditEntries, convert } from "../../../support/conversions";
import { createHarness, type Harness } from "../../../support/harness";

let h: Harness;
let sk: string;
let ip = 0;
beforeAll(async () => {
  h = await createHarness();
  sk = h.merchant.keys.sk_test;
});
afterAll(async () => h.close());

async function attributedConversion(amount = 4900) {
  ip += 1;
  const click = await h.click("demo", { ip: `198.51.100.${ip}` });
  const res = await convert(h, { click_id: click.body.click_id, amount_cents: amount });
  expect(res.body.status).toBe("attributed");
  return res.body as { id: string; commission: { id: string; amount_cents: number } };
}

function refund(conversionId: string, body: Record<string, unknown>, requestId?: string) {
  return h.post(`/api/v1/conversions/${conversionId}/refunds`, {
    key: sk,
    body,
    ...(requestId ? { headers: { "X-Request-Id": requestId } } : {}),
  });
}

describe("POST /api/v1/conversions/{id}/refunds", () => {
  it("a partial refund reverses the commission in proportion, then the rest reverses it all", async () => {
    const conversion = await attributedConversion();
    expect(conversion.commission.amount_cents).toBe(980);

    const half = await refund(conversion.id, { amount_cents: 2450 }, "req_refund-half");
    expect(half.status).toBe(201);
    expect(half.body).toMatchObject({
      object: "refund",
      mode: "test",
      conversion_id: conversion.id,
      amount_cents: 2450,
      currency: "EUR",
      commission_reversed_cents: 490,
      external_refund_id: null,
      conversion: {
        id: conversion.id,
        status: "attributed",
        refunded_amount_cents: 2450,
        commission: { amount_cents: 980, reversed_amount_cents: 490, status: "partially_reversed" },
      },
    });
    expect(half.body.id).toMatch(/^rfd_/);

    const [entry] = await auditEntries(h, { request_id: "req_refund-half" });
    expect(entry).toMatchObject({
      action: "refund",
      decision: "partially_reversed",
      reason: "REFUNDED_IN_PART",
      conversion_id: conversion.id,
    });
    expect(entry?.facts).toMatchObject({
      refund_id: half.body.id,
      refund_cents: 2450,
      refunded_before_cents: 0,
      refunded_after_cents: 2450,
      commission_amount_cents: 980,
      commission_reversed_now_cents: 490,
      commission_reversed_after_cents: 490,
    });

    const rest = await refund(conversion.id, { amount_cents: 2450 }, "req_refund-rest");
    expect(rest.status).toBe(201);
    expect(rest.body.commission_reversed_cents).toBe(490);
    expect(rest.body.conversion).toMatchObject({
      refunded_amount_cents: 4900,
      commission: { reversed_amount_cents: 980, status: "reversed" },
    });
    const [last] = await auditEntries(h, { request_id: "req_refund-rest" });
    expect(last).toMatchObject({ decision: "reversed", reason: "REFUNDED_IN_FULL" });

    const commission = await h.get(`/api/v1/commissions/${conversion.commission.id}`, { key: sk });
    expect(commission.body).toMatchObject({ reversed_amount_cents: 980, status: "reversed" });
    const rows = await h.services.store.db
      .selectFrom("refunds")
      .select(["amount_cents", "commission_reversed_cents", "request_id"])
      .where("conversion_id", "=", conversion.id)
      .orderBy("created_at")
      .execute();
    expect(rows.map((r) => [Number(r.amount_cents), Number(r.commission_reversed_cents)])).toEqual([
      [2450, 490],
      [2450, 490],
    ]);
  });

  it("a whole refund at once reverses the whole commission", async () => {
    const conversion = await attributedConversion(1001);
    const res = await refund(conversion.id, { amount_cents: 1001 });
    expect(res.status).toBe(201);
    expect(res.body.commission_reversed_cents).toBe(conversion.commission.amount_cents);
    expect(res.body.conversion.commission.status).toBe("reversed");
  });

  it("uneven partial refunds add up to exactly the commission", async () => {
    const conversion = await attributedConversion(1000); // commission 200
    const reversed: number[] = [];
    for (const amount of [333, 333, 334]) {
      reversed.push(
        (await refund(conversion.id, { amount_cents: amount })).body.commission_reversed_cents,
      );
    }
    expect(reversed).toEqual([67, 66, 67]);
    expect(reversed.reduce((a, b) => a + b)).toBe(200);
  });

  it("refunds an unattributed conversion without any commission", async () => {
    const conversion = (await convert(h, {})).body;
    const res = await refund(conversion.id, { amount_cents: 100 }, "req_refund-unattributed");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      commission_reversed_cents: 0,
      conversion: { refunded_amount_cents: 100, commission: null },
    });
    const [entry] = await auditEntries(h, { request_id: "req_refund-unattributed" });
    expect(entry).toMatchObject({ decision: "no_commission", reason: "REFUNDED_IN_PART" });
  });

  it("an external_refund_id applies once: the same id returns the first refund (200)", async () => {
    const conversion = await attributedConversion();
    const first = await refund(conversion.id, { amount_cents: 1000, external_refund_id: "re_1" });
    expect(first.status).toBe(201);
    const again = await refund(conversion.id, { amount_cents: 1000, external_refund_id: "re_1" });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.conversion.refunded_amount_cents).toBe(1000);
    const other = await refund(conversion.id, { amount_cents: 1000, external_refund_id: "re_2" });
    expect(other.status).toBe(201);
    expect(other.body.conversion.refunded_amount_cents).toBe(2000);
  });

  it("is callable by the Stripe handler with the event id in the audit entry", async () => {
    const conversion = await attributedConversion();
    const ctx = {
      merchantId: h.merchant.merchant_id,
      mode: "test" as const,
      requestId: "req_stripe-delivery",
      stripeEventId: "evt_123",
    };
    const result = await refundConversion(h.services, ctx, {
      conversionId: conversion.id,
      amountCents: 4900,
      externalRefundId: "re_stripe_1",
    });
    if (result.kind !== "refunded") throw new Error(`expected a refund, got ${result.kind}`);
    expect(result.commission?.status).toBe("reversed");
    const retried = await refundConversion(h.services, ctx, {
      conversionId: conversion.id,
      amountCents: 4900,
      externalRefundId: "re_stripe_1",
    });
    expect(retried).toMatchObject({ kind: "already_applied", refund: { id: result.refund.id } });
    const entries = await auditEntries(h, { request_id: "req_stripe-delivery" });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.stripe_event_id).toBe("evt_123");
  });
});

// Refunds that must be refused (bad amounts, more than remains, unknown conversions) and racing
// refunds that must not over-refund or apply a Stripe refund twice, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundConversion } from "../../../../server/refunds/refund";
import { auditEntries, convert } from "../../../support/conversions";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";

async function attributedConversion(h: Harness, ip: string, amount = 4900): Promise<string> {
  const click = await h.click("demo", { ip });
  const res = await convert(h, { click_id: click.body.click_id, amount_cents: amount });
  expect(res.body.status).toBe("attributed");
  return res.body.id;
}

function refund(h: Harness, conversionId: string, body: unknown, rawBody?: string) {
  return h.post(`/api/v1/conversions/${conversionId}/refunds`, {
    key: h.merchant.keys.sk_test,
    ...(rawBody !== undefined
      ? { rawBody, headers: { "Content-Type": "application/json" } }
      : { body }),
  });
}

async function refundState(h: Harness, conversionId: string) {
  const { db } = h.services.store;
  const conversion = await db
    .selectFrom("conversions")
    .select("refunded_amount_cents")
    .where("id", "=", conversionId)
    .executeTakeFirstOrThrow();
  const commission = await db
    .selectFrom("commissions")
    .select(["reversed_amount_cents", "status"])
    .where("conversion_id", "=", conversionId)
    .executeTakeFirstOrThrow();
  const refunds = await db
    .selectFrom("refunds")
    .select(["amount_cents", "commission_reversed_cents"])
    .where("conversion_id", "=", conversionId)
    .execute();
  return {
    refunded: Number(conversion.refunded_amount_cents),
    reversed: Number(commission.reversed_amount_cents),
    status: commission.status,
    refunds: refunds.length,
    refundedByRows: refunds.reduce((sum, r) => sum + Number(r.amount_cents), 0),
    reversedByRows: refunds.reduce((sum, r) => sum + Number(r.commission_reversed_cents), 0),
  };
}

describe("refunds: refused", () => {
  let h: Harness;
  let conversionId: string;
  beforeAll(async () => {
    h = await createHarness();
    conversionId = await attributedConversion(h, "192.0.2.10");
  });
  afterAll(async () => h.close());

  it.each([
    ["zero", { amount_cents: 0 }],
    ["negative", { amount_cents: -100 }],
    ["fractional", { amount_cents: 10.5 }],
    ["a string", { amount_cents: "100" }],
    ["absurdly large", { amount_cents: 1e20 }],
    ["missing", {}],
    ["a bad external_refund_id", { amount_cents: 1, external_refund_id: "re\u0000" }],
  ])("an amount that is %s → 400 VALIDATION_ERROR", async (_label, body) => {
    const res = await refund(h, conversionId, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("malformed JSON → 400 INVALID_JSON; a 1 MiB body → 413", async () => {
    expect((await refund(h, conversionId, undefined, "{amount")).body.error.code).toBe(
      "INVALID_JSON",
    );
    const big = await refund(h, conversionId, { amount_cents: 1, pad: "x".repeat(1024 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("an unknown conversion → 404 NOT_FOUND", async () => {
    const res = await refund(h, "conv_doesnotexist", { amount_cents: 1 });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  });

  it("more than the amount → 400 saying how much remains; nothing changes", async () => {
    const res = await refund(h, conversionId, { amount_cents: 4901 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "VALIDATION_ERROR",
      details: { refundable_cents: 4900, fields: { amount_cents: expect.any(String) } },
    });
    expect(res.body.error.message).toContain("4900");
    expect(await refundState(h, conversionId)).toMatchObject({ refunded: 0, refunds: 0 });
    expect(await auditEntries(h, { request_id: res.headers.get("X-Request-Id")! })).toEqual([]);
  });

  it("more than what remains after a partial refund → 400; after a whole refund, nothing remains", async () => {
    expect((await refund(h, conversionId, { amount_cents: 4000 })).status).toBe(201);
    const over = await refund(h, conversionId, { amount_cents: 901 });
    expect(over.status).toBe(400);
    expect(over.body.error.details.refundable_cents).toBe(900);
    expect((await refund(h, conversionId, { amount_cents: 900 })).status).toBe(201);
    const none = await refund(h, conversionId, { amount_cents: 1 });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain("refunded in full");
    expect(await refundState(h, conversionId)).toMatchObject({
      refunded: 4900,
      reversed: 980,
      status: "reversed",
      refunds: 2,
    });
  });

  it("an external_refund_id already used for another conversion → 400", async () => {
    const a = await attributedConversion(h, "192.0.2.11");
    const b = await attributedConversion(h, "192.0.2.12");
    expect(
      (await refund(h, a, { amount_cents: 100, external_refund_id: "re_shared" })).status,
    ).toBe(201);
    const res = await refund(h, b, { amount_cents: 100, external_refund_id: "re_shared" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.conversion_id).toBe(a);
  });
});

const dialects = await dialectsUnderTest();

describe.each(dialects)("racing refunds on $dialect", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await createHarness({ dialect });
  });
  afterAll(async () => h?.close());

  it.runIf(available)("ten refunds of 1000 on 4900: four succeed, six are refused", async () => {
    const conversionId = await attributedConversion(h, "192.0.2.20");
    const results = await Promise.all(
      Array.from({ length: 10 }, () => refund(h, conversionId, { amount_cents: 1000 })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(4);
    const refused = results.filter((r) => r.status === 400);
    expect(refused).toHaveLength(6);
    for (const res of refused) expect(res.body.error.details.refundable_cents).toBe(900);
    expect(await refundState(h, conversionId)).toEqual({
      refunded: 4000,
      reversed: 800,
      status: "partially_reversed",
      refunds: 4,
      refundedByRows: 4000,
      reversedByRows: 800,
    });
  });

  it.runIf(available)(
    "two whole refunds racing: one succeeds, the commission is reversed once",
    async () => {
      const conversionId = await attributedConversion(h, "192.0.2.21");
      const results = await Promise.all([
        refund(h, conversionId, { amount_cents: 4900 }),
        refund(h, conversionId, { amount_cents: 4900 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
      expect(await refundState(h, conversionId)).toMatchObject({
        refunded: 4900,
        reversed: 980,
        status: "reversed",
        refunds: 1,
      });
    },
  );

  it.runIf(available)(
    "the same Stripe refund delivered five times at once applies once",
    async () => {
      const conversionId = await attributedConversion(h, "192.0.2.22");
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          refundConversion(
            h.services,
            {
              merchantId: h.merchant.merchant_id,
              mode: "test",
              requestId: `req_delivery_${i}`,
              stripeEventId: "evt_refund",
            },
            { conversionId, amountCents: 1500, externalRefundId: "re_once" },
          ),
        ),
      );
      expect(results.filter((r) => r.kind === "refunded")).toHaveLength(1);
      expect(results.filter((r) => r.kind === "already_applied")).toHaveLength(4);
      const ids = results.map((r) => ("refund" in r ? r.refund.id : r.kind));
      expect(new Set(ids).size).toBe(1);
      expect(await refundState(h, conversionId)).toMatchObject({
        refunded: 1500,
        reversed: 300,
        refunds: 1,
      });
    },
  );
});

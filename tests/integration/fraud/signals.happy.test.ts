// Fraud signals through the API on real data, on both engines: a self-referral (the customer's
// e-mail is the partner's) and one customer converting through many partners are held with the
// signals as audit facts; the merchant releases one (it becomes due after its hold period) and
// rejects the other (reversed); a program's thresholds change what fires.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../server/lib/clock";
import { auditEntries, convert } from "../../support/conversions";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";

const dialects = await dialectsUnderTest();

describe.each(dialects)("fraud signals ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  let sk: string;
  let ip = 0;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h?.close());

  async function sale(ref: string, extra: Record<string, unknown> = {}) {
    ip += 1;
    const click = await h.click(ref, { ip: `198.18.0.${ip}` });
    const res = await convert(h, { click_id: click.body.click_id, ...extra });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe("attributed");
    return res.body as { id: string; commission: { id: string; status: string } };
  }
  const commission = async (id: string) =>
    (await h.get(`/api/v1/commissions/${id}`, { key: sk })).body;

  it.runIf(available)(
    "self-referral: held with the signal as a fact, released by the merchant, then due",
    async () => {
      // The harness's partner `demo` is partner@example.com.
      const held = await sale("demo", { customer_email: "Partner@Example.com" });
      expect(held.commission.status).toBe("held");
      expect(await commission(held.commission.id)).toMatchObject({
        status: "held",
        held_by: "fraud",
      });
      const hold = (await auditEntries(h, { conversion_id: held.id })).find(
        (e) => e.action === "fraud_hold",
      );
      expect(hold).toMatchObject({ decision: "held", reason: "FRAUD_SIGNALS" });
      expect(hold?.facts.signals).toEqual([{ signal: "SELF_REFERRAL", matched: "email" }]);
      // The customer's e-mail is compared, never stored: not in any audit entry of the sale.
      expect(JSON.stringify(await auditEntries(h, { conversion_id: held.id }))).not.toContain(
        "partner@example.com",
      );

      // Another customer's sale through the same partner is not held.
      const clean = await sale("demo", { customer_email: "someone@else.example" });
      expect(clean.commission.status).toBe("pending");

      // Held commissions are not paid: after the hold period it is not due.
      h.clock.advance(31 * DAY_MS);
      await h.get("/api/v1/payouts/preview", { key: sk });
      expect((await commission(held.commission.id)).status).toBe("held");

      const released = await h.post(`/api/v1/commissions/${held.commission.id}/release`, {
        key: sk,
        headers: { "X-Request-Id": `req_release_${dialect}` },
      });
      expect(released.status).toBe(200);
      // Its hold period has passed: due at once.
      expect(released.body).toMatchObject({ status: "due", held_by: null });
      const review = (await auditEntries(h, { request_id: `req_release_${dialect}` })).map((e) => [
        e.action,
        e.decision,
      ]);
      expect(review).toEqual([
        ["fraud_review", "released"],
        ["commission_due", "due"],
      ]);
      const again = await h.post(`/api/v1/commissions/${held.commission.id}/release`, { key: sk });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe("COMMISSION_NOT_HELD");
    },
  );

  it.runIf(available)(
    "one customer through many partners: the third partner's commission is held; rejected, it is reversed",
    async () => {
      const partners = await Promise.all(
        ["a", "b", "c"].map((x) => h.createPartner({ ref: `ring${x}${dialect}` })),
      );
      const customer = `cus_ring_${dialect}`;
      const first = await sale(partners[0]!.ref, { customer_id: customer });
      const second = await sale(partners[1]!.ref, { customer_id: customer });
      expect([first.commission.status, second.commission.status]).toEqual(["pending", "pending"]);
      const third = await sale(partners[2]!.ref, { customer_id: customer });
      expect(third.commission.status).toBe("held");
      const hold = (await auditEntries(h, { conversion_id: third.id })).find(
        (e) => e.action === "fraud_hold",
      );
      expect(hold?.facts.signals).toEqual([
        {
          signal: "CUSTOMER_MANY_PARTNERS",
          customer_id: customer,
          partner_ids: partners.map((p) => p.id).sort(),
          days: 30,
        },
      ]);

      const rejected = await h.post(`/api/v1/commissions/${third.commission.id}/reject`, {
        key: sk,
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: "reversed", held_by: null });
      expect(rejected.body.reversed_amount_cents).toBe(rejected.body.amount_cents);
      const review = (await auditEntries(h, { conversion_id: third.id })).find(
        (e) => e.action === "fraud_review",
      );
      expect(review).toMatchObject({ decision: "rejected", reason: "REJECTED_BY_MERCHANT" });
    },
  );

  it.runIf(available)("a program's thresholds decide what fires", async () => {
    const program = await h.post("/api/v1/programs", {
      key: sk,
      body: {
        name: "Lenient",
        commission: { type: "percent", percent: 10 },
        // The test clock stands still: every sale here is 0 s after its click.
        fraud: { self_referral: false, customer_partners: 0, click_seconds: 0 },
      },
    });
    expect(program.status).toBe(201);
    expect(program.body.fraud).toEqual({
      self_referral: false,
      customer_partners: 0,
      customer_partners_days: 30,
      visitor_clicks: 5,
      visitor_clicks_minutes: 10,
      click_seconds: 0,
      automated_seconds: 600,
      network_clicks: 50,
      network_clicks_minutes: 10,
    });
    const partner = await h.createPartner({
      program_id: program.body.id,
      ref: `lenient${dialect}`,
      email: "owner@lenient.example",
    });
    const sold = await sale(partner.ref, { customer_email: "owner@lenient.example" });
    expect(sold.commission.status).toBe("pending");
  });

  it.runIf(available)(
    "a commission held by a dispute, or not held, is not the merchant's to release",
    async () => {
      const sold = await sale("demo");
      const res = await h.post(`/api/v1/commissions/${sold.commission.id}/reject`, { key: sk });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        code: "COMMISSION_NOT_HELD",
        details: { status: "pending", held_by: null },
      });
      expect((await h.post("/api/v1/commissions/com_unknown/release", { key: sk })).status).toBe(
        404,
      );
    },
  );
});

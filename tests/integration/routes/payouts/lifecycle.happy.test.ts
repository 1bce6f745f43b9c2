// The commission lifecycle on both engines: pending through the program's hold period (a test
// clock, no waiting), due, paid by a payout; refunds before and after payment (a negative
// adjustment carried to the next payout, the paid commission never edited); a payout batch under
// two racing requests; the CSV exports; an audit entry for every transition.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../../../server/lib/clock";
import { sweepDueCommissions } from "../../../../server/payouts/due-sweep";
import { auditEntries, convert } from "../../../support/conversions";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";

const dialects = await dialectsUnderTest();

describe.each(dialects)("commission lifecycle ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  let sk: string;
  let ip = 0;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h?.close());

  async function sale(ref = "demo", amount = 4900) {
    ip += 1;
    const click = await h.click(ref, { ip: `203.0.113.${ip}` });
    const res = await convert(h, { click_id: click.body.click_id, amount_cents: amount });
    expect(res.body.status).toBe("attributed");
    return res.body as { id: string; commission: { id: string; amount_cents: number } };
  }
  const commission = async (id: string) =>
    (await h.get(`/api/v1/commissions/${id}`, { key: sk })).body;
  const preview = async () => (await h.get("/api/v1/payouts/preview", { key: sk })).body;
  const pay = (body: Record<string, unknown>) => h.post("/api/v1/payouts", { key: sk, body });

  it.runIf(available)(
    "stays pending through the program's hold period, then is due (periodic pass, audited)",
    async () => {
      const program = await h.createProgram({ hold_days: 14 });
      const partner = await h.createPartner({ program_id: program.id, ref: `hold${dialect}` });
      const { commission: c } = await sale(partner.ref);
      const created = await commission(c.id);
      expect(created.status).toBe("pending");
      expect(Date.parse(created.due_at) - Date.parse(created.created_at)).toBe(14 * DAY_MS);

      h.clock.advance(14 * DAY_MS - HOUR_MS);
      await sweepDueCommissions(h.services);
      expect((await commission(c.id)).status).toBe("pending");

      h.clock.advance(2 * HOUR_MS);
      expect(await sweepDueCommissions(h.services)).toBeGreaterThanOrEqual(1);
      expect((await commission(c.id)).status).toBe("due");
      // A second pass moves nothing twice.
      await sweepDueCommissions(h.services);
      const conversionId = created.conversion_id;
      const due = (await auditEntries(h, { conversion_id: conversionId })).filter(
        (e) => e.action === "commission_due",
      );
      expect(due).toHaveLength(1);
      expect(due[0]).toMatchObject({ decision: "due", reason: "HOLD_PERIOD_ELAPSED" });
      expect(due[0]?.facts).toMatchObject({ commission_id: c.id, status_before: "pending" });
    },
  );

  it.runIf(available)(
    "the preview moves what just became due; a refund in the hold reverses before anything is paid",
    async () => {
      const partner = await h.createPartner({ ref: `pre${dialect}` });
      const refunded = await sale(partner.ref);
      const kept = await sale(partner.ref);
      const half = await h.post(`/api/v1/conversions/${refunded.id}/refunds`, {
        key: sk,
        body: { amount_cents: 2450 },
      });
      expect(half.body.conversion.commission.status).toBe("partially_reversed");
      h.clock.advance(30 * DAY_MS + 1);

      const body = await preview();
      expect(body.object).toBe("payout_preview");
      const line = body.data.find((l: { partner_id: string }) => l.partner_id === partner.id);
      expect(line).toMatchObject({
        currency: "EUR",
        commissions_count: 2,
        commissions_cents: 980 + 490,
        adjustments_cents: 0,
        amount_cents: 1470,
        payable: true,
      });
      expect((await commission(refunded.commission.id)).status).toBe("due");
      expect((await commission(kept.commission.id)).status).toBe("due");
    },
  );

  it.runIf(available)(
    "a payout marks due commissions paid; a refund after payment is a negative adjustment on the next payout",
    async () => {
      const partner = await h.createPartner({ ref: `paid${dialect}` });
      const first = await sale(partner.ref);
      h.clock.advance(30 * DAY_MS + 1);

      const paid = await pay({ reference: `REF-1-${dialect}`, partner_ids: [partner.id] });
      expect(paid.status).toBe(201);
      expect(paid.body).toMatchObject({
        object: "payout",
        reference: `REF-1-${dialect}`,
        lines: [
          {
            partner_id: partner.id,
            currency: "EUR",
            commission_ids: [first.commission.id],
            amount_cents: 980,
          },
        ],
      });
      const afterPay = await commission(first.commission.id);
      expect(afterPay).toMatchObject({
        status: "paid",
        payout_id: paid.body.id,
        paid_amount_cents: 980,
      });
      const payAudit = (await auditEntries(h, { conversion_id: first.id })).find(
        (e) => e.action === "payout",
      );
      expect(payAudit).toMatchObject({ decision: "paid", reason: "MARKED_PAID" });
      expect(payAudit?.facts).toMatchObject({ payout_id: paid.body.id, paid_amount_cents: 980 });

      // Refund half after payment: the paid commission keeps what it paid; the partner owes 490.
      const refund = await h.post(`/api/v1/conversions/${first.id}/refunds`, {
        key: sk,
        body: { amount_cents: 2450 },
        headers: { "X-Request-Id": `req_after-payment-${dialect}` },
      });
      expect(refund.status).toBe(201);
      const afterRefund = await commission(first.commission.id);
      expect(afterRefund).toMatchObject({
        status: "paid",
        paid_amount_cents: 980,
        reversed_amount_cents: 490,
      });
      const [refundAudit] = await auditEntries(h, { request_id: `req_after-payment-${dialect}` });
      expect(refundAudit?.facts).toMatchObject({
        commission_status_before: "paid",
        commission_status_after: "paid",
        adjustment: { amount_cents: -490, currency: "EUR", paid_by_payout_id: paid.body.id },
      });

      // Alone, the adjustment outweighs nothing due: it is carried.
      let line = (await preview()).data.find(
        (l: { partner_id: string }) => l.partner_id === partner.id,
      );
      expect(line).toMatchObject({ commissions_count: 0, adjustments_cents: -490, payable: false });
      const nothing = await pay({ reference: `REF-2-${dialect}`, partner_ids: [partner.id] });
      expect(nothing.status).toBe(409);
      expect(nothing.body.error.code).toBe("NOTHING_TO_PAY");

      // The next sale's payout takes the adjustment off.
      await sale(partner.ref);
      h.clock.advance(30 * DAY_MS + 1);
      line = (await preview()).data.find(
        (l: { partner_id: string }) => l.partner_id === partner.id,
      );
      expect(line).toMatchObject({
        commissions_cents: 980,
        adjustments_cents: -490,
        amount_cents: 490,
      });
      const second = await pay({ reference: `REF-3-${dialect}`, partner_ids: [partner.id] });
      expect(second.status).toBe(201);
      expect(second.body.lines[0]).toMatchObject({
        commissions_cents: 980,
        adjustments_cents: -490,
        amount_cents: 490,
      });
      expect(second.body.lines[0].adjustment_ids).toHaveLength(1);

      // A full refund of a paid commission: reversed, and the rest owed back.
      const rest = await h.post(`/api/v1/conversions/${first.id}/refunds`, {
        key: sk,
        body: { amount_cents: 2450 },
      });
      expect(rest.body.conversion.commission.status).toBe("reversed");
      line = (await preview()).data.find(
        (l: { partner_id: string }) => l.partner_id === partner.id,
      );
      expect(line).toMatchObject({ adjustments_cents: -490 });

      const csv = await h.get("/api/v1/payouts/export", { key: sk });
      expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
      const lines = csv.text.trim().split("\r\n");
      expect(lines[0]).toBe(
        "payout_id,reference,paid_at,partner_id,currency,item,item_id,commission_id,amount_cents",
      );
      expect(
        lines.some(
          (l) => l.startsWith(`${second.body.id},REF-3-${dialect}`) && l.endsWith(",-490"),
        ),
      ).toBe(true);
      const commissionsCsv = await h.get(`/api/v1/commissions/export?partner_id=${partner.id}`, {
        key: sk,
      });
      const rows = commissionsCsv.text.trim().split("\r\n");
      expect(rows).toHaveLength(3);
      expect(
        rows.some((r) => r.startsWith(`${first.commission.id},`) && r.includes(",reversed,")),
      ).toBe(true);
    },
  );

  it.runIf(available)("two racing requests with one reference make one payout", async () => {
    const partner = await h.createPartner({ ref: `race${dialect}` });
    const a = await sale(partner.ref);
    const b = await sale(partner.ref);
    h.clock.advance(30 * DAY_MS + 1);
    await preview();

    const body = { reference: `RACE-${dialect}`, partner_ids: [partner.id] };
    const [one, two] = await Promise.all([pay(body), pay(body)]);
    expect([one.status, two.status].sort()).toEqual([200, 201]);
    expect(one.body.id).toBe(two.body.id);
    expect(one.body.lines[0].amount_cents).toBe(1960);
    const payouts = await h.services.store.db
      .selectFrom("payouts")
      .select("id")
      .where("reference", "=", `RACE-${dialect}`)
      .execute();
    expect(payouts).toHaveLength(1);
    for (const c of [a, b]) {
      const paidAudits = (await auditEntries(h, { conversion_id: c.id })).filter(
        (e) => e.action === "payout",
      );
      expect(paidAudits).toHaveLength(1);
    }
  });

  it.runIf(available)(
    "two racing payouts with different references pay each commission once",
    async () => {
      const partner = await h.createPartner({ ref: `race2${dialect}` });
      const a = await sale(partner.ref);
      await sale(partner.ref);
      h.clock.advance(30 * DAY_MS + 1);
      await preview();
      const [one, two] = await Promise.all([
        pay({ reference: `R-A-${dialect}`, partner_ids: [partner.id] }),
        pay({ reference: `R-B-${dialect}`, partner_ids: [partner.id] }),
      ]);
      const statuses = [one.status, two.status].sort();
      expect(statuses).toEqual([201, 409]);
      const winner = one.status === 201 ? one : two;
      const loser = one.status === 201 ? two : one;
      expect(winner.body.lines[0].amount_cents).toBe(1960);
      expect(loser.body.error.code).toBe("NOTHING_TO_PAY");
      expect((await commission(a.commission.id)).payout_id).toBe(winner.body.id);
    },
  );

  it.runIf(available)(
    "a named commission that is not due is refused and nothing is paid",
    async () => {
      const partner = await h.createPartner({ ref: `nd${dialect}` });
      const due = await sale(partner.ref);
      h.clock.advance(30 * DAY_MS + 1);
      const pending = await sale(partner.ref);
      const res = await pay({
        reference: `ND-${dialect}`,
        commission_ids: [due.commission.id, pending.commission.id],
      });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("COMMISSION_NOT_DUE");
      expect(res.body.error.details.commission_ids).toEqual([pending.commission.id]);
      expect((await commission(due.commission.id)).status).toBe("due");
      const single = await pay({
        reference: `ND2-${dialect}`,
        commission_ids: [due.commission.id],
      });
      expect(single.status).toBe(201);
      expect(single.body.lines[0].commission_ids).toEqual([due.commission.id]);
    },
  );
});

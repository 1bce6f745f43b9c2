// ATTRIBUTED_BY_REF: a program setting, off by default. With it on, a sale carrying the
// snippet's failed-click stand-in (clk_failed_<ref>) is credited to the approved partner of that
// ref, with a commission, through the API and through a Payment Link; off, or for a partner not
// approved, it stays CLICK_ID_MISSING / click_failed_in_browser. On SQLite and PostgreSQL.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILED_CLICK_PREFIX } from "../../../server/contract/failed-click";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import { checkoutSession, connectStripe, deliver, stripeEvent } from "../../support/stripe-events";
import { commissionOf, conversionsOf } from "../../support/stripe-tables";

const dialects = await dialectsUnderTest();

describe.each(dialects)("ATTRIBUTED_BY_REF ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  let sk: string;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    sk = h.merchant.keys.sk_test;
    await connectStripe(h);
  });
  afterAll(async () => h?.close());

  const report = (clickId: string) =>
    h.post("/api/v1/conversions", {
      key: sk,
      body: {
        click_id: clickId,
        event_type: "purchase",
        external_transaction_id: `txn_${randomUUID()}`,
        amount_cents: 5000,
        currency: "EUR",
      },
    });
  const setByRef = (programId: string, on: boolean) =>
    h.patch(`/api/v1/programs/${programId}`, { key: sk, body: { attribute_by_ref: on } });

  it.runIf(available)(
    "is off by default: the stand-in stays CLICK_ID_MISSING, nobody paid",
    async () => {
      const program = await h.get(`/api/v1/programs/${h.program.id}`, { key: sk });
      expect(program.body.attribute_by_ref).toBe(false);
      expect((await report(`${FAILED_CLICK_PREFIX}demo`)).body).toMatchObject({
        status: "unattributed",
        reason: "CLICK_ID_MISSING",
        reason_detail: "click_failed_in_browser",
        partner_id: null,
        commission: null,
      });
    },
  );

  it.runIf(available)(
    "on: the ref's approved partner is credited, with its program's commission, and the audit says how",
    async () => {
      expect((await setByRef(h.program.id, true)).body.attribute_by_ref).toBe(true);
      const res = await report(`${FAILED_CLICK_PREFIX}demo`);
      expect(res.body).toMatchObject({
        status: "attributed",
        reason: "ATTRIBUTED_BY_REF",
        reason_detail: null,
        partner_id: h.partner.id,
        program_id: h.program.id,
        commission: { amount_cents: 1000, currency: "EUR" },
      });
      const audit = await h.get(`/api/v1/audit-log?conversion_id=${res.body.id}`, { key: sk });
      expect(audit.body.data[0]).toMatchObject({
        decision: "attributed",
        reason: "ATTRIBUTED_BY_REF",
        facts: { credited_by_ref: { ref: "demo", partner_id: h.partner.id } },
        explanation: { guide_section: null, cause: expect.stringContaining("by ref") },
      });
      // A real click is still decided as before.
      const click = await h.click("demo", { ip: "198.51.100.31" });
      expect((await report(click.body.click_id)).body.reason).toBe("ATTRIBUTED");
    },
  );

  it.runIf(available)("on, through a Payment Link decorated with the stand-in", async () => {
    const session = checkoutSession(h, {
      clientReferenceId: `${FAILED_CLICK_PREFIX}demo`,
      paymentLink: "plink_1QxYzAbCdEfGhIjK",
      amount: 2500,
    });
    expect(
      (await deliver(h, stripeEvent(h, "checkout.session.completed", session))).body.reason,
    ).toBe("ATTRIBUTED_BY_REF");
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion).toMatchObject({ partner_id: h.partner.id, status: "attributed" });
    expect((await commissionOf(h, conversion!.id))?.amount_cents).toBe(500);
  });

  it.runIf(available)(
    "never for a partner not approved, an unknown ref, or a program with it off",
    async () => {
      const pending = await h.createPartner({
        name: "Pending",
        ref: "pending-p",
        status: "pending",
      });
      expect(pending.status).toBe("pending");
      const other = await h.createProgram({ name: "Other" });
      await h.createPartner({ name: "Other partner", ref: "other-p", program_id: other.id });
      for (const ref of ["pending-p", "nobody-at-all", "other-p"]) {
        expect((await report(`${FAILED_CLICK_PREFIX}${ref}`)).body).toMatchObject({
          reason: "CLICK_ID_MISSING",
          reason_detail: "click_failed_in_browser",
          partner_id: null,
          commission: null,
        });
      }
      await setByRef(h.program.id, false);
      expect((await report(`${FAILED_CLICK_PREFIX}demo`)).body.reason).toBe("CLICK_ID_MISSING");
    },
  );

  it.runIf(available)("refuses a setting that is not a boolean", async () => {
    const res = await h.patch(`/api/v1/programs/${h.program.id}`, {
      key: sk,
      body: { attribute_by_ref: "yes" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
  });
});

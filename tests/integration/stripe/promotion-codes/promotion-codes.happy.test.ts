// Partners' Stripe promotion codes through signed checkout.session.completed events shaped like
// Stripe's, on both engines: a session with no click id that used a partner's code is credited to
// that partner (ATTRIBUTED_PROMO_CODE, said by the audit log); when its click names another
// partner, the code's program decides (default: the code wins) and the audit entry names both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries } from "../../../support/conversions";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";
import {
  checkoutSession,
  connectStripe,
  deliver,
  stripeEvent,
} from "../../../support/stripe-events";
import { commissionOf, conversionsOf } from "../../../support/stripe-tables";

const dialects = await dialectsUnderTest();

describe.each(dialects)("promotion codes ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  let sk: string;
  let n = 0;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    sk = h.merchant.keys.sk_test;
    await connectStripe(h);
  });
  afterAll(async () => h?.close());

  async function partnerWithCode(precedence?: "code" | "click") {
    n += 1;
    const program = await h.createProgram({
      commission: { type: "percent", percent: 10 },
      ...(precedence ? { promo_code_precedence: precedence } : {}),
    });
    const partner = await h.createPartner({ program_id: program.id, ref: `promo${n}${dialect}` });
    const code = `promo_${dialect}${n}Code`;
    const res = await h.post(`/api/v1/partners/${partner.id}/promotion-codes`, {
      key: sk,
      body: { promotion_code: code, code: `SAVE${n}` },
    });
    expect(res.status, res.text).toBe(201);
    return { partner, code };
  }
  async function sessionWithCode(code: string, clickId?: string) {
    const session = {
      ...checkoutSession(h, { amount: 4900, ...(clickId ? { clickId } : {}) }),
      discounts: [{ coupon: "co_summer", promotion_code: code }],
    };
    const res = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    expect(res.status, res.text).toBe(200);
    const [conversion] = await conversionsOf(h, session.id as string);
    return conversion!;
  }

  it.runIf(available)(
    "no click id: credited to the code's partner, the audit log says so",
    async () => {
      const { partner, code } = await partnerWithCode();
      const conversion = await sessionWithCode(code);
      expect(conversion).toMatchObject({
        status: "attributed",
        reason: "ATTRIBUTED_PROMO_CODE",
        partner_id: partner.id,
        click_id: null,
      });
      const commission = await commissionOf(h, conversion.id);
      expect(commission).toMatchObject({ partner_id: partner.id, amount_cents: 490 });
      const [entry] = (await auditEntries(h, { conversion_id: conversion.id })).filter(
        (e) => e.action === "attribution",
      );
      expect(entry).toMatchObject({ decision: "attributed", reason: "ATTRIBUTED_PROMO_CODE" });
      expect(entry?.facts.promotion_code).toMatchObject({
        promotion_code_id: code,
        code_partner_id: partner.id,
        click_partner_id: null,
        credited: "code",
      });
    },
  );

  it.runIf(available)(
    "click and code name different partners: the code wins by default, the audit entry names both",
    async () => {
      const { partner, code } = await partnerWithCode();
      const click = await h.click("demo", { ip: `198.51.100.${40 + n}` });
      const conversion = await sessionWithCode(code, click.body.click_id);
      expect(conversion).toMatchObject({ reason: "ATTRIBUTED_PROMO_CODE", partner_id: partner.id });
      const [entry] = (await auditEntries(h, { conversion_id: conversion.id })).filter(
        (e) => e.action === "attribution",
      );
      expect(entry?.facts.promotion_code).toMatchObject({
        code_partner_id: partner.id,
        click_partner_id: h.partner.id,
        precedence: "code",
        credited: "code",
      });
    },
  );

  it.runIf(available)(
    "a program set to `click` keeps the click's partner, naming the code's",
    async () => {
      const { partner, code } = await partnerWithCode("click");
      const click = await h.click("demo", { ip: `198.51.100.${60 + n}` });
      const conversion = await sessionWithCode(code, click.body.click_id);
      expect(conversion).toMatchObject({ reason: "ATTRIBUTED", partner_id: h.partner.id });
      const [entry] = (await auditEntries(h, { conversion_id: conversion.id })).filter(
        (e) => e.action === "attribution",
      );
      expect(entry?.facts.promotion_code).toMatchObject({
        code_partner_id: partner.id,
        click_partner_id: h.partner.id,
        precedence: "click",
        credited: "click",
      });
    },
  );

  it.runIf(available)("a code nobody owns changes nothing; a code has one owner", async () => {
    const conversion = await sessionWithCode(`promo_${dialect}Nobody`);
    expect(conversion).toMatchObject({ status: "unattributed", reason: "CLICK_ID_MISSING" });
    const { code } = await partnerWithCode();
    const taken = await h.post(`/api/v1/partners/${h.partner.id}/promotion-codes`, {
      key: sk,
      body: { promotion_code: code },
    });
    expect(taken.status).toBe(400);
    expect(taken.body.error.details.fields.promotion_code).toMatch(/already belongs/);
    const list = await h.get(`/api/v1/partners/${h.partner.id}/promotion-codes`, { key: sk });
    expect(list.body.data).toEqual([]);
  });

  it.runIf(available)(
    "a removed code credits nobody from then on and may go to another partner",
    async () => {
      const { partner, code } = await partnerWithCode();
      const before = await sessionWithCode(code);
      expect(before).toMatchObject({ reason: "ATTRIBUTED_PROMO_CODE", partner_id: partner.id });
      const path = `/api/v1/partners/${partner.id}/promotion-codes/${code}`;
      const removed = await h.call("DELETE", path, { key: sk });
      expect(removed.status, removed.text).toBe(200);
      expect(removed.body).toEqual({
        object: "promotion_code",
        promotion_code: code,
        partner_id: partner.id,
        deleted: true,
      });
      const list = await h.get(`/api/v1/partners/${partner.id}/promotion-codes`, { key: sk });
      expect(list.body.data).toEqual([]);
      expect(await sessionWithCode(code)).toMatchObject({
        status: "unattributed",
        partner_id: null,
      });
      // The earlier conversion keeps its credit.
      expect(await commissionOf(h, before.id)).toMatchObject({ partner_id: partner.id });
      const again = await h.call("DELETE", path, { key: sk });
      expect(again.status).toBe(404);
      expect(again.body.error).toMatchObject({ code: "NOT_FOUND" });
      expect(again.body.error.message).toContain(`owns no promotion code ${code}`);
      const other = await h.post(`/api/v1/partners/${h.partner.id}/promotion-codes`, {
        key: sk,
        body: { promotion_code: code },
      });
      expect(other.status, other.text).toBe(201);
      const unknown = await h.call(
        "DELETE",
        `/api/v1/partners/prt_nobody/promotion-codes/${code}`,
        {
          key: sk,
        },
      );
      expect(unknown.status).toBe(404);
    },
  );
});

// A subscription renewal's invoice that used a partner's promotion code, through signed
// invoice.paid events shaped like Stripe's before 2025-03-31 (basil: the whole discount in the
// deprecated `discount`) and since (discounts listed in `discounts` and
// `total_discount_amounts[].discount`, expanded or as bare ids), on both engines: credited to the
// code's partner without a click (ATTRIBUTED_PROMO_CODE), over another partner's click by the
// program's precedence, and the audit entry says so. A bare discount id finds its code through
// customer.discount.created / .updated, whichever arrives first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../../server/lib/clock";
import { sweepPendingEvents } from "../../../../server/stripe/pending-sweep";
import { auditEntries } from "../../../support/conversions";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";
import {
  checkoutSession,
  connectStripe,
  deliver,
  invoice,
  invoiceDiscount,
  type Shape,
  stripeEvent,
} from "../../../support/stripe-events";
import { subscribe } from "../../../support/stripe-subscriptions";
import { commissionOf, conversionsOf } from "../../../support/stripe-tables";

const dialects = await dialectsUnderTest();

describe.each(dialects)("promotion codes on invoices ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    await connectStripe(h);
  });
  afterAll(async () => h?.close());

  async function partnerWithCode(precedence?: "code" | "click") {
    n += 1;
    const program = await h.createProgram({
      commission: { type: "percent", percent: 10 },
      recurring_months: 12,
      ...(precedence ? { promo_code_precedence: precedence } : {}),
    });
    const partner = await h.createPartner({ program_id: program.id, ref: `inv${n}${dialect}` });
    const code = `promo_${dialect}Inv${n}`;
    const res = await h.post(`/api/v1/partners/${partner.id}/promotion-codes`, {
      key: h.merchant.keys.sk_test,
      body: { promotion_code: code },
    });
    expect(res.status, res.text).toBe(201);
    return { partner, code };
  }

  /** A subscription started through Checkout with no click id: its first payment credits nobody. */
  async function subscribeWithoutClick() {
    const session = checkoutSession(h, { mode: "subscription" });
    await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    const first = invoice(h, {
      subscription: session.subscription!,
      id: session.invoice!,
      billingReason: "subscription_create",
    });
    await deliver(h, stripeEvent(h, "invoice.paid", first));
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion).toMatchObject({ reason: "CLICK_ID_MISSING" });
    return { subscription: session.subscription!, customer: first.customer as string };
  }

  /** A renewal invoice of 4900 whose discounts are `discounts` (shape's fields), delivered. */
  async function renewal(
    shape: Shape,
    subscription: string,
    discounts: (customer: string) => Record<string, unknown>,
  ) {
    const customer = `cus_${dialect}${n}`;
    const paid = {
      ...invoice(h, { subscription, billingReason: "subscription_cycle", shape, customer }),
      ...discounts(customer),
    };
    const res = await deliver(h, stripeEvent(h, "invoice.paid", paid, { shape }));
    expect(res.status, res.text).toBe(200);
    const [conversion] = await conversionsOf(h, paid.id as string);
    const [entry] = (await auditEntries(h, { conversion_id: conversion!.id })).filter(
      (e) => e.action === "attribution",
    );
    return { conversion: conversion!, entry: entry! };
  }

  it.runIf(available)(
    "a merchant without partners' promotion codes: a renewal with an unknown bare discount id is not kept",
    async () => {
      const { subscription } = await subscribeWithoutClick();
      const renewed = await bareRenewal(subscription, [`di_${dialect}NoCodes`]);
      expect(renewed.answer.outcome).toBe("recorded");
    },
  );

  it.runIf(available)(
    "before 2025-03-31: the expanded `discount` names the code; no click: credited to its partner",
    async () => {
      const { partner, code } = await partnerWithCode();
      const { subscription } = await subscribeWithoutClick();
      const { conversion, entry } = await renewal("legacy", subscription, (customer) => {
        const discount = invoiceDiscount(h, {
          shape: "legacy",
          subscription,
          customer,
          promotionCode: code,
        });
        return {
          discount,
          discounts: [discount.id],
          total_discount_amounts: [{ amount: 490, discount: discount.id }],
        };
      });
      expect(conversion).toMatchObject({
        status: "attributed",
        reason: "ATTRIBUTED_PROMO_CODE",
        partner_id: partner.id,
        click_id: null,
      });
      expect(await commissionOf(h, conversion.id)).toMatchObject({
        partner_id: partner.id,
        amount_cents: 490,
      });
      expect(entry).toMatchObject({ reason: "ATTRIBUTED_PROMO_CODE" });
      expect(entry.facts.promotion_code).toMatchObject({
        promotion_code_id: code,
        code_partner_id: partner.id,
        click_partner_id: null,
        credited: "code",
      });
    },
  );

  it.runIf(available)(
    "since 2025-03-31: an expanded Discount in `total_discount_amounts` beats another partner's click by default; the audit names both",
    async () => {
      const { partner, code } = await partnerWithCode();
      const { subscription } = await subscribe(h, `198.51.100.${100 + n}`);
      const { conversion, entry } = await renewal("current", subscription, (customer) => {
        const discount = invoiceDiscount(h, {
          shape: "current",
          subscription,
          customer,
          promotionCode: code,
          expandCode: true,
        });
        return {
          discounts: [discount.id],
          total_discount_amounts: [{ amount: 490, discount }],
        };
      });
      expect(conversion).toMatchObject({ reason: "ATTRIBUTED_PROMO_CODE", partner_id: partner.id });
      expect(entry.facts.promotion_code).toMatchObject({
        code_partner_id: partner.id,
        click_partner_id: h.partner.id,
        precedence: "code",
        credited: "code",
      });
    },
  );

  it.runIf(available)(
    "since 2025-03-31: a program set to `click` keeps the click's partner, naming the code's",
    async () => {
      const { partner, code } = await partnerWithCode("click");
      const { subscription } = await subscribe(h, `198.51.100.${100 + n}`);
      const { conversion, entry } = await renewal("current", subscription, (customer) => ({
        discounts: [
          invoiceDiscount(h, { shape: "current", subscription, customer, promotionCode: code }),
        ],
      }));
      expect(conversion).toMatchObject({ reason: "ATTRIBUTED", partner_id: h.partner.id });
      expect(entry.facts.promotion_code).toMatchObject({
        code_partner_id: partner.id,
        click_partner_id: h.partner.id,
        precedence: "click",
        credited: "click",
      });
    },
  );

  /** customer.discount.created (or .updated) for `discount`, delivered. */
  async function discountEvent(discount: Record<string, unknown>, type = "created") {
    const res = await deliver(
      h,
      stripeEvent(h, `customer.discount.${type}`, discount, { shape: "current" }),
    );
    expect(res.status, res.text).toBe(200);
    return res.body as { outcome: string; reason: string };
  }

  /** A renewal naming its discounts by bare id only, delivered; its answer. */
  async function bareRenewal(subscription: string, discountIds: string[]) {
    const paid = {
      ...invoice(h, { subscription, billingReason: "subscription_cycle", shape: "current" }),
      discounts: discountIds,
      total_discount_amounts: discountIds.map((id) => ({ amount: 490, discount: id })),
    };
    const res = await deliver(h, stripeEvent(h, "invoice.paid", paid, { shape: "current" }));
    expect(res.status, res.text).toBe(200);
    return { id: paid.id as string, answer: res.body as { outcome: string; reason: string } };
  }

  async function creditedByCode(invoiceId: string, partnerId: string, code: string) {
    const [conversion] = await conversionsOf(h, invoiceId);
    expect(conversion).toMatchObject({
      status: "attributed",
      reason: "ATTRIBUTED_PROMO_CODE",
      partner_id: partnerId,
    });
    const [entry] = (await auditEntries(h, { conversion_id: conversion!.id })).filter(
      (e) => e.action === "attribution",
    );
    expect(entry!.facts.promotion_code).toMatchObject({
      promotion_code_id: code,
      credited: "code",
    });
  }

  it.runIf(available)(
    "a bare discount id (since 2025-03-31) finds its code through customer.discount.created, received first",
    async () => {
      const { partner, code } = await partnerWithCode();
      const { subscription, customer } = await subscribeWithoutClick();
      const discount = invoiceDiscount(h, {
        shape: "current",
        subscription,
        customer,
        promotionCode: code,
      });
      expect(await discountEvent(discount)).toMatchObject({
        outcome: "linked",
        reason: "DISCOUNT_CODE_NOTED",
      });
      const renewed = await bareRenewal(subscription, [discount.id]);
      expect(renewed.answer.outcome).toBe("recorded");
      await creditedByCode(renewed.id, partner.id, code);
    },
  );

  it.runIf(available)(
    "the invoice before its discount's event: kept (RENEWAL_AWAITING_DISCOUNT), then credited by code when the event comes",
    async () => {
      const { partner, code } = await partnerWithCode();
      const { subscription, customer } = await subscribeWithoutClick();
      const discount = invoiceDiscount(h, {
        shape: "current",
        subscription,
        customer,
        promotionCode: code,
      });
      const renewed = await bareRenewal(subscription, [discount.id]);
      expect(renewed.answer).toMatchObject({
        outcome: "pending",
        reason: "RENEWAL_AWAITING_DISCOUNT",
      });
      expect(await conversionsOf(h, renewed.id)).toEqual([]);
      // customer.discount.updated names it as well.
      expect((await discountEvent(discount, "updated")).outcome).toBe("linked");
      await creditedByCode(renewed.id, partner.id, code);
    },
  );

  it.runIf(available)(
    "a discount whose event never comes: the renewal is recorded without a code after an hour",
    async () => {
      await partnerWithCode();
      const { subscription } = await subscribeWithoutClick();
      const renewed = await bareRenewal(subscription, [`di_${dialect}Never${n}`]);
      expect(renewed.answer.outcome).toBe("pending");
      h.clock.advance(30 * 60_000);
      await sweepPendingEvents(h.services, { maxAgeMs: 7 * DAY_MS });
      expect(await conversionsOf(h, renewed.id)).toEqual([]);
      h.clock.advance(31 * 60_000);
      await sweepPendingEvents(h.services, { maxAgeMs: 7 * DAY_MS });
      const [conversion] = await conversionsOf(h, renewed.id);
      expect(conversion).toMatchObject({ status: "unattributed", reason: "CLICK_ID_MISSING" });
    },
  );

  it.runIf(available)(
    "coupon-only discounts name no code: noted as such, and a renewal with them is not kept and credits nobody by code",
    async () => {
      await partnerWithCode();
      const { subscription, customer } = await subscribeWithoutClick();
      const coupon = invoiceDiscount(h, {
        shape: "current",
        subscription,
        customer,
        promotionCode: null,
      });
      expect(await discountEvent(coupon)).toMatchObject({
        reason: "DISCOUNT_WITHOUT_CODE_NOTED",
      });
      const renewed = await bareRenewal(subscription, [coupon.id]);
      expect(renewed.answer.outcome).toBe("recorded");
      const [conversion] = await conversionsOf(h, renewed.id);
      expect(conversion).toMatchObject({ status: "unattributed", reason: "CLICK_ID_MISSING" });
    },
  );
});

import { describe, expect, it } from "vitest";
import {
  computeCommission,
  computeReversal,
  earningOf,
  type PaymentTerms,
} from "../../../server/attribution/commission";

const percent = (p: number) => ({ type: "percent" as const, percent: p });

describe("computeCommission", () => {
  it("takes the percentage of the amount in the sale's currency", () => {
    expect(computeCommission(percent(20), { amount_cents: 4900, currency: "EUR" })).toEqual({
      amount_cents: 980,
      currency: "EUR",
    });
  });

  it("rounds to the nearest cent, halves up", () => {
    expect(
      computeCommission(percent(10), { amount_cents: 1005, currency: "EUR" }).amount_cents,
    ).toBe(101);
    expect(
      computeCommission(percent(10), { amount_cents: 1004, currency: "EUR" }).amount_cents,
    ).toBe(100);
    expect(
      computeCommission(percent(10), { amount_cents: 1006, currency: "EUR" }).amount_cents,
    ).toBe(101);
    expect(
      computeCommission(percent(12.5), { amount_cents: 4, currency: "EUR" }).amount_cents,
    ).toBe(1);
    expect(
      computeCommission(percent(33.333333), { amount_cents: 300, currency: "EUR" }).amount_cents,
    ).toBe(100);
  });

  it("computes exactly where floating point would not", () => {
    // 9.2 % of 375 cents is exactly 34.5 → 35; in floating point 375 * 9.2 / 100 = 34.4999….
    expect(Math.round((375 * 9.2) / 100)).toBe(34);
    expect(
      computeCommission(percent(9.2), { amount_cents: 375, currency: "EUR" }).amount_cents,
    ).toBe(35);
    expect(
      computeCommission(percent(7), { amount_cents: 10_000_000_000, currency: "USD" }).amount_cents,
    ).toBe(700_000_000);
  });

  it("handles 0 % and 100 % and a zero amount", () => {
    expect(
      computeCommission(percent(0), { amount_cents: 4900, currency: "EUR" }).amount_cents,
    ).toBe(0);
    expect(
      computeCommission(percent(100), { amount_cents: 4900, currency: "EUR" }).amount_cents,
    ).toBe(4900);
    expect(computeCommission(percent(20), { amount_cents: 0, currency: "EUR" }).amount_cents).toBe(
      0,
    );
  });

  it("pays a flat commission in the program's currency whatever the sale", () => {
    const flat = { type: "flat" as const, amount_cents: 500, currency: "USD" };
    expect(computeCommission(flat, { amount_cents: 4900, currency: "EUR" })).toEqual({
      amount_cents: 500,
      currency: "USD",
    });
    expect(computeCommission(flat, { amount_cents: 0, currency: "EUR" }).amount_cents).toBe(500);
  });
});

describe("computeReversal", () => {
  const base = {
    conversion_amount_cents: 4900,
    refunded_before_cents: 0,
    commission_amount_cents: 980,
    reversed_before_cents: 0,
  };

  it("reverses in proportion to the share refunded", () => {
    expect(computeReversal({ ...base, refund_cents: 2450 })).toEqual({
      reverse_cents: 490,
      reversed_after_cents: 490,
      status: "partially_reversed",
    });
  });

  it("reverses the whole commission on a whole refund", () => {
    expect(computeReversal({ ...base, refund_cents: 4900 })).toEqual({
      reverse_cents: 980,
      reversed_after_cents: 980,
      status: "reversed",
    });
  });

  it("never drifts: three thirds reverse exactly the whole commission", () => {
    const commission = { conversion_amount_cents: 1000, commission_amount_cents: 100 };
    let refunded = 0;
    let reversed = 0;
    const steps: number[] = [];
    for (const refund of [333, 333, 334]) {
      const r = computeReversal({
        ...commission,
        refunded_before_cents: refunded,
        refund_cents: refund,
        reversed_before_cents: reversed,
      });
      steps.push(r.reverse_cents);
      refunded += refund;
      reversed = r.reversed_after_cents;
    }
    expect(steps).toEqual([33, 34, 33]);
    expect(reversed).toBe(100);
  });

  it("many one-cent refunds add up to the commission, never more", () => {
    let reversed = 0;
    for (let refunded = 0; refunded < 7; refunded++) {
      const r = computeReversal({
        conversion_amount_cents: 7,
        refunded_before_cents: refunded,
        refund_cents: 1,
        commission_amount_cents: 3,
        reversed_before_cents: reversed,
      });
      expect(r.reverse_cents).toBeGreaterThanOrEqual(0);
      reversed = r.reversed_after_cents;
      expect(reversed).toBeLessThanOrEqual(3);
    }
    expect(reversed).toBe(3);
  });

  it("never reverses more than what remains, even if asked past the amount", () => {
    const r = computeReversal({
      ...base,
      refunded_before_cents: 4000,
      refund_cents: 5000,
      reversed_before_cents: 800,
    });
    expect(r).toEqual({ reverse_cents: 180, reversed_after_cents: 980, status: "reversed" });
  });

  it("a flat commission on a tiny partial refund may reverse nothing yet, but is marked", () => {
    expect(
      computeReversal({
        conversion_amount_cents: 10_000,
        refunded_before_cents: 0,
        refund_cents: 1,
        commission_amount_cents: 500,
        reversed_before_cents: 0,
      }),
    ).toEqual({ reverse_cents: 0, reversed_after_cents: 0, status: "partially_reversed" });
  });
});

describe("earningOf: Stripe payments", () => {
  const terms = (overrides: Partial<PaymentTerms> = {}): PaymentTerms => ({
    rule: percent(20),
    trial_bounty: null,
    base_includes_shipping: false,
    ...overrides,
  });
  const payment = { tax_cents: 0, shipping_cents: 0, starts_subscription: false };
  const eur = (amount_cents: number) => ({ amount_cents, currency: "EUR" });

  it("takes the commission of the amount without tax and shipping (docs/stripe.md's example)", () => {
    // €119.00 of goods with 19 % VAT, €5.95 shipping of which €0.95 VAT: 12495 paid.
    const sale = { ...payment, tax_cents: 1995, shipping_cents: 500 };
    expect(earningOf(terms(), eur(12_495), sale)).toEqual({
      kind: "commission",
      commission: eur(2_000),
      base: {
        currency: "EUR",
        amount_cents: 12_495,
        tax_cents: 1995,
        shipping_cents: 500,
        shipping_included: false,
        base_cents: 10_000,
      },
    });
    expect(
      earningOf(terms({ base_includes_shipping: true }), eur(12_495), sale).commission,
    ).toEqual(eur(2_100));
  });

  it("earns nothing on a payment of zero: a trial, a 100 %-off month, even on a flat program", () => {
    const flat = { type: "flat" as const, amount_cents: 500, currency: "EUR" };
    expect(earningOf(terms({ rule: flat }), eur(0), payment)).toEqual({
      kind: "free_period",
      commission: null,
    });
    expect(
      earningOf(terms({ rule: flat }), eur(0), { ...payment, starts_subscription: true }).kind,
    ).toBe("free_period");
  });

  it("pays the trial bounty for a free sign-up when the program has one, only then", () => {
    const bounty = { amount_cents: 300, currency: "USD" };
    expect(
      earningOf(terms({ trial_bounty: bounty }), eur(0), { ...payment, starts_subscription: true }),
    ).toEqual({ kind: "trial_bounty", commission: bounty });
    // A free renewal is no sign-up; a paid sign-up earns its commission, not the bounty.
    expect(earningOf(terms({ trial_bounty: bounty }), eur(0), payment).kind).toBe("free_period");
    expect(
      earningOf(terms({ trial_bounty: bounty }), eur(4900), {
        ...payment,
        starts_subscription: true,
      }).commission,
    ).toEqual(eur(980));
  });

  it("keeps zero-decimal and three-decimal amounts in their smallest unit", () => {
    expect(
      earningOf(terms(), { amount_cents: 5_000, currency: "JPY" }, payment).commission,
    ).toEqual({ amount_cents: 1_000, currency: "JPY" });
    expect(
      earningOf(terms(), { amount_cents: 12_345, currency: "KWD" }, { ...payment, tax_cents: 345 })
        .commission,
    ).toEqual({ amount_cents: 2_400, currency: "KWD" });
  });

  it("reports through the API earn on the whole amount, as before", () => {
    expect(earningOf(terms(), eur(4900))).toEqual({
      kind: "commission",
      commission: eur(980),
      base: null,
    });
  });
});

// Commission arithmetic, in integer cents. Pure, so the rounding rules are pinned by unit tests.
import type { CommissionRule, FlatAmount } from "../programs/repository";
import type { CommissionStatus } from "../store/schema";

export interface Money {
  amount_cents: number;
  currency: string;
}

/** Percentages are honoured to six decimal places (12.5 %, 33.333333 %). */
const PERCENT_SCALE = 1_000_000n;

/** numerator / denominator rounded to the nearest integer, halves up (all values ≥ 0). */
function divideRoundingHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * The commission a conversion earns.
 * - percent: `amount × percent / 100` in the conversion's currency, rounded to the nearest
 *   cent with halves rounded up (in the partner's favour: 10 % of 1,005 cents is 101). The
 *   product is computed exactly in integers, so 4900 × 20 % is 980, never 979.999….
 * - flat: the program's amount in the program's own currency, whatever the sale's currency
 *   and amount (a free sign-up earns it too).
 */
export function computeCommission(rule: CommissionRule, sale: Money): Money {
  if (rule.type === "flat") {
    return { amount_cents: rule.amount_cents, currency: rule.currency };
  }
  const scaledPercent = BigInt(Math.round(rule.percent * Number(PERCENT_SCALE)));
  const cents = divideRoundingHalfUp(
    BigInt(sale.amount_cents) * scaledPercent,
    100n * PERCENT_SCALE,
  );
  return { amount_cents: Number(cents), currency: sale.currency };
}

/** What a Stripe payment is made of, in the sale's smallest unit (docs/stripe.md). */
export interface PaymentBreakdown {
  /** Tax within the amount: Checkout's `total_details.amount_tax`, the invoice's taxes. */
  tax_cents: number;
  /** Shipping within the amount, without its tax (that is in `tax_cents`). */
  shipping_cents: number;
  /** The payment (or free start) that opens a subscription: its Checkout Session. */
  starts_subscription: boolean;
}

/** A program's terms for Stripe payments, beside its commission rule. */
export interface PaymentTerms {
  rule: CommissionRule;
  trial_bounty: FlatAmount | null;
  base_includes_shipping: boolean;
}

/** What the commission was computed on, in the sale's currency. */
interface CommissionBase {
  currency: string;
  amount_cents: number;
  tax_cents: number;
  shipping_cents: number;
  shipping_included: boolean;
  base_cents: number;
}

/** What an attributed conversion earns, and why. */
export type Earning =
  | { kind: "commission"; commission: Money; base: CommissionBase | null }
  /** A subscription started free and the program pays a bounty for the sign-up. */
  | { kind: "trial_bounty"; commission: Money }
  /** A free payment (a trial, a 100 %-off period) earns nothing. */
  | { kind: "free_period"; commission: null };

/**
 * The commission of an attributed conversion. A conversion reported through the API earns on its
 * amount (`computeCommission`). A Stripe payment (`payment` given) earns on its base: the amount
 * without tax and, unless the program includes it, without shipping; a payment of zero earns
 * nothing, except the free start of a subscription when the program pays a trial bounty.
 */
export function earningOf(terms: PaymentTerms, sale: Money, payment?: PaymentBreakdown): Earning {
  if (!payment) {
    return { kind: "commission", commission: computeCommission(terms.rule, sale), base: null };
  }
  if (sale.amount_cents === 0) {
    return payment.starts_subscription && terms.trial_bounty
      ? { kind: "trial_bounty", commission: { ...terms.trial_bounty } }
      : { kind: "free_period", commission: null };
  }
  const shipping = terms.base_includes_shipping ? 0 : payment.shipping_cents;
  const base: CommissionBase = {
    currency: sale.currency,
    amount_cents: sale.amount_cents,
    tax_cents: payment.tax_cents,
    shipping_cents: payment.shipping_cents,
    shipping_included: terms.base_includes_shipping,
    base_cents: Math.max(0, sale.amount_cents - payment.tax_cents - shipping),
  };
  return {
    kind: "commission",
    commission: computeCommission(terms.rule, {
      amount_cents: base.base_cents,
      currency: sale.currency,
    }),
    base,
  };
}

export interface ReversalInput {
  /** The conversion's amount and how much of it had been refunded before this refund. */
  conversion_amount_cents: number;
  refunded_before_cents: number;
  refund_cents: number;
  /** The commission and how much of it had been reversed before. */
  commission_amount_cents: number;
  reversed_before_cents: number;
}

export interface Reversal {
  /** Cents of commission this refund takes back. */
  reverse_cents: number;
  reversed_after_cents: number;
  status: Exclude<CommissionStatus, "held">;
}

/**
 * How much commission a refund reverses: proportional to the share of the sale refunded,
 * computed on the running totals (round(commission × refunded so far / amount), halves up)
 * rather than per refund, so partial refunds never drift: when the whole sale has been refunded
 * exactly the whole commission has been reversed, and never more than what remains.
 * The status follows the sale: `reversed` once it is refunded in full, `partially_reversed`
 * after any smaller refund.
 */
export function computeReversal(input: ReversalInput): Reversal {
  const refundedAfter = Math.min(
    input.conversion_amount_cents,
    input.refunded_before_cents + input.refund_cents,
  );
  const fullyRefunded = refundedAfter >= input.conversion_amount_cents;
  const target = fullyRefunded
    ? input.commission_amount_cents
    : Number(
        divideRoundingHalfUp(
          BigInt(input.commission_amount_cents) * BigInt(refundedAfter),
          BigInt(input.conversion_amount_cents),
        ),
      );
  const reversedAfter = Math.min(
    input.commission_amount_cents,
    Math.max(input.reversed_before_cents, target),
  );
  return {
    reverse_cents: reversedAfter - input.reversed_before_cents,
    reversed_after_cents: reversedAfter,
    status: fullyRefunded ? "reversed" : refundedAfter > 0 ? "partially_reversed" : "pending",
  };
}

// The attribution decision (DESIGN.md § Conversions): the facts gathered about a conversion in,
// `{ decision, reason }` out. No I/O, so every case of the troubleshooting guide is a unit test,
// and the same facts are stored in the audit log to show the merchant why.
import type { AttributionReason } from "../contract/attribution-reasons";
import { failedClickRef } from "../contract/failed-click";
import type { Mode } from "../contract/key-format";
import { DAY_MS } from "../lib/clock";
import type { AttributionModel, PartnerStatus } from "../store/schema";

export interface AttributionDecision {
  decision: "attributed" | "unattributed";
  reason: AttributionReason;
}

/** The click named by the conversion, looked up within the merchant in either mode. */
export interface ClickFacts {
  id: string;
  mode: Mode;
  /** Click time: the attribution window starts here. */
  created_at: string;
  partner_id: string;
  partner_status: PartnerStatus;
  program_id: string;
  /**
   * Click time + the program's window at click time: the moment the snippet forgets the click
   * and the last moment a conversion counts. Changing the window later applies to new clicks.
   */
  expires_at: string;
  attribution_model: AttributionModel;
}

/**
 * A recurring payment (a subscription renewal) is credited to the partner of the subscription's
 * first payment for the program's `recurring_months`, counted in payments from the first one
 * paid (the first included: 12 is twelve monthly payments); this period replaces the click's
 * attribution window.
 */
export interface RecurringFacts {
  first_conversion_id: string;
  first_status: "attributed" | "unattributed";
  first_reason: AttributionReason;
  /** When the first payment (or free start) happened. */
  first_occurred_at: string;
  /**
   * The start of the first billing period paid above zero: the recurring period starts here.
   * The first payment's time, unless the subscription started free (a trial).
   */
  recurring_from: string;
  recurring_months: number;
  /**
   * The start of the billing period this payment pays for (Stripe: the invoice line's
   * `period.start`), which falls on the subscription's monthly anchor even when the payment
   * itself is a few hours or days late.
   */
  period_start: string;
}

export interface AttributionFacts {
  /** As reported; null when absent or blank. */
  click_id: string | null;
  /** The mode of the key (or Stripe event) that reported the conversion. */
  conversion_mode: Mode;
  occurred_at: string;
  /** null when no click with this id exists for the merchant in either mode. */
  click: ClickFacts | null;
  recurring?: RecurringFacts;
}

/** The last moment a conversion still counts for this click (inclusive). */
export function attributionWindowEnd(click: ClickFacts): string {
  return click.expires_at;
}

/**
 * `months` calendar months after `from`, in UTC, the day clamped to the month's length the way
 * Stripe bills (an anchor on the 31st renews on Feb 28/29, then on Mar 31).
 */
export function addMonths(from: string, months: number): string {
  const date = new Date(from);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(date);
  result.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return result.toISOString();
}

/**
 * Billing periods that start before this moment earn a recurring commission: the
 * `recurring_months`-th monthly anniversary of the first paid period, less a day. The day absorbs
 * the seconds by which Stripe's billing anchor precedes the Checkout Session's completion, so
 * the payment due on that anniversary is the first that earns nothing: 12 months → payments 1 to
 * 12 earn, payment 13 does not. 0 counts as 1: the first payment only.
 */
export function recurringEarnsBefore(recurring: RecurringFacts): string {
  const anniversary = addMonths(recurring.recurring_from, Math.max(1, recurring.recurring_months));
  return new Date(Date.parse(anniversary) - DAY_MS).toISOString();
}

/**
 * How far a conversion's `occurred_at` may precede its click's time and still count. The two
 * come from different clocks (the click's is this server's; `occurred_at` is the merchant's
 * server's, or Stripe's), and a merchant may report a sale's time rounded down to the minute; a
 * few minutes of drift is not a sale made before its click. Five minutes, as for a conversion
 * dated ahead of our clock (routes/conversions/create.ts) and as Stripe allows a signature.
 * Beyond it, the sale happened before the visitor ever clicked (a backfill of old sales) and
 * the partner did not bring it.
 */
export const CLICK_CLOCK_DRIFT_TOLERANCE_MS = 5 * 60_000;

/** True when the sale happened before its click, by more than the clocks may drift. */
export function clickAfterConversion(click: ClickFacts, occurredAt: string): boolean {
  return Date.parse(occurredAt) < Date.parse(click.created_at) - CLICK_CLOCK_DRIFT_TOLERANCE_MS;
}

const unattributed = (reason: AttributionReason): AttributionDecision => ({
  decision: "unattributed",
  reason,
});

export function decideAttribution(facts: AttributionFacts): AttributionDecision {
  // A renewal of a subscription whose first payment was not credited is not credited either.
  if (facts.recurring && facts.recurring.first_status !== "attributed") {
    return unattributed(facts.recurring.first_reason);
  }
  // The snippet's failed-click stand-in is no click either (contract/failed-click.ts).
  if (facts.click_id === null || facts.click_id.trim() === "" || failedClickRef(facts.click_id)) {
    return unattributed("CLICK_ID_MISSING");
  }
  const { click } = facts;
  if (click === null) return unattributed("CLICK_NOT_FOUND");
  if (click.mode !== facts.conversion_mode) return unattributed("MODE_MISMATCH");
  // A renewal's own time is months after the click; its first payment was checked against it.
  if (!facts.recurring && clickAfterConversion(click, facts.occurred_at)) {
    return unattributed("CLICK_AFTER_CONVERSION");
  }
  const expired = facts.recurring
    ? Date.parse(facts.recurring.period_start) >= Date.parse(recurringEarnsBefore(facts.recurring))
    : Date.parse(facts.occurred_at) > Date.parse(attributionWindowEnd(click));
  if (expired) return unattributed("ATTRIBUTION_WINDOW_EXPIRED");
  if (click.partner_status !== "approved") return unattributed("PARTNER_NOT_APPROVED");
  return { decision: "attributed", reason: "ATTRIBUTED" };
}

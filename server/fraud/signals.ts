// Fraud signals: facts about a commission about to be created in, the signals that fire out. Pure,
// so each threshold is unit-tested. A commission with any signal is held (`held`, held_by
// "fraud") until the merchant releases or rejects it; the signals go to the audit log as facts.
// Defaults and their reasoning: docs/fraud.md.

export interface FraudRules {
  /**
   * The customer is the partner: the sale's Stripe customer is the partner's own, or the
   * customer's e-mail is the partner's (case-insensitive).
   */
  self_referral: boolean;
  /**
   * The same customer converted through at least this many different partners (this one
   * included) within `customer_partners_days`: coupon-site or cookie-stuffing rings. 0: off.
   */
  customer_partners: number;
  customer_partners_days: number;
  /**
   * The conversion's click's visitor (address and user agent, hashed) stored more than this many
   * clicks within some `visitor_clicks_minutes` around that click: click farms and scripts
   * cycling through partners' links. 0: off.
   */
  visitor_clicks: number;
  visitor_clicks_minutes: number;
  /** The conversion came less than this many seconds after its click: automated checkouts. 0: off. */
  click_seconds: number;
  /**
   * The conversion came less than this many seconds after a click whose browser reported itself
   * automated (`navigator.webdriver`): a script's checkout, however slowly it types. 0: off.
   */
  automated_seconds: number;
  /**
   * The conversion's click's network address (IPv4, or IPv6 /64) had more than this many clicks
   * of the merchant within `network_clicks_minutes` when the click was recorded: scripts that
   * change browser (user agent) on every click, which the visitor count cannot see. 0: off.
   */
  network_clicks: number;
  network_clicks_minutes: number;
}

export const DEFAULT_FRAUD_RULES: FraudRules = {
  self_referral: true,
  customer_partners: 3,
  customer_partners_days: 30,
  visitor_clicks: 5,
  visitor_clicks_minutes: 10,
  click_seconds: 10,
  automated_seconds: 600,
  network_clicks: 50,
  network_clicks_minutes: 10,
};

export interface FraudFacts {
  partner_id: string;
  partner_email: string | null;
  /** The partner's own Stripe customer (cus_…), when the merchant set it. */
  partner_stripe_customer_id?: string | null;
  customer_email: string | null;
  customer_id: string | null;
  /** Other partners this customer converted through within the rule's days. */
  other_partner_ids: string[];
  /**
   * Most clicks the conversion's click's visitor stored in any `visitor_clicks_minutes` that
   * contains that click (visitorBurst); null without a click or with the rule off.
   */
  visitor_clicks?: number | null;
  /** Seconds from the click to the conversion's `occurred_at`; null without a click. */
  seconds_after_click?: number | null;
  /** The click's browser reported itself automated (click_signals); null without a click. */
  automated?: boolean | null;
  /**
   * The click's network's clicks in its window when the click was recorded, and that window's
   * minutes, when the count was over the program's limit then (click_signals); null otherwise.
   */
  network_clicks?: { clicks: number; minutes: number } | null;
}

export type FraudSignal =
  // Only what matched: the customer's e-mail is compared, never stored. The Stripe customer is
  // the conversion's own customer_id, stored with it already.
  | { signal: "SELF_REFERRAL"; matched: "stripe_customer" | "email" }
  | { signal: "CUSTOMER_MANY_PARTNERS"; customer_id: string; partner_ids: string[]; days: number }
  | { signal: "VISITOR_CLICK_BURST"; clicks: number; limit: number; minutes: number }
  | { signal: "CONVERSION_SECONDS_AFTER_CLICK"; seconds: number; limit: number }
  | { signal: "AUTOMATED_BROWSER"; seconds: number; limit: number }
  | { signal: "NETWORK_CLICK_BURST"; clicks: number; limit: number; minutes: number };

export function fraudSignals(rules: FraudRules, facts: FraudFacts): FraudSignal[] {
  const signals: FraudSignal[] = [];
  const selfReferral = rules.self_referral ? selfReferralMatch(facts) : null;
  if (selfReferral) signals.push({ signal: "SELF_REFERRAL", matched: selfReferral });
  const partners = new Set([facts.partner_id, ...facts.other_partner_ids]);
  if (
    rules.customer_partners > 0 &&
    facts.customer_id &&
    partners.size >= rules.customer_partners
  ) {
    signals.push({
      signal: "CUSTOMER_MANY_PARTNERS",
      customer_id: facts.customer_id,
      partner_ids: [...partners].sort(),
      days: rules.customer_partners_days,
    });
  }
  const burst = facts.visitor_clicks ?? null;
  if (rules.visitor_clicks > 0 && burst !== null && burst > rules.visitor_clicks) {
    signals.push({
      signal: "VISITOR_CLICK_BURST",
      clicks: burst,
      limit: rules.visitor_clicks,
      minutes: rules.visitor_clicks_minutes,
    });
  }
  const seconds = facts.seconds_after_click ?? null;
  // Negative: dated before its click, within the clock drift attribution tolerates.
  if (rules.click_seconds > 0 && seconds !== null && seconds < rules.click_seconds) {
    signals.push({
      signal: "CONVERSION_SECONDS_AFTER_CLICK",
      seconds,
      limit: rules.click_seconds,
    });
  }
  // Both may fire: a script's checkout within seconds is held for each reason.
  if (
    rules.automated_seconds > 0 &&
    facts.automated === true &&
    seconds !== null &&
    seconds < rules.automated_seconds
  ) {
    signals.push({ signal: "AUTOMATED_BROWSER", seconds, limit: rules.automated_seconds });
  }
  const network = facts.network_clicks ?? null;
  if (rules.network_clicks > 0 && network !== null && network.clicks > rules.network_clicks) {
    signals.push({
      signal: "NETWORK_CLICK_BURST",
      clicks: network.clicks,
      limit: rules.network_clicks,
      minutes: network.minutes,
    });
  }
  return signals;
}

/**
 * What says the customer is the partner. One signal when both match: the Stripe customer, the
 * stronger of the two (an account that paid, not an address typed at checkout). Stripe's ids are
 * compared exactly, e-mails ignoring case and surrounding spaces.
 */
function selfReferralMatch(facts: FraudFacts): "stripe_customer" | "email" | null {
  const stripeCustomer = facts.partner_stripe_customer_id ?? null;
  if (stripeCustomer !== null && facts.customer_id === stripeCustomer) return "stripe_customer";
  const customer = facts.customer_email?.trim().toLowerCase();
  const partner = facts.partner_email?.trim().toLowerCase();
  return customer && partner && customer === partner ? "email" : null;
}

/**
 * The most of `times` (ms) inside one window of `windowMs` that contains `clickTime`: windows
 * starting at each time from `clickTime - windowMs` to `clickTime` (a densest window starts at
 * one of its own clicks).
 */
export function visitorBurst(
  times: readonly number[],
  clickTime: number,
  windowMs: number,
): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    const from = sorted[start]!;
    if (from < clickTime - windowMs) continue;
    if (from > clickTime) break;
    if (end < start) end = start;
    while (end + 1 < sorted.length && sorted[end + 1]! <= from + windowMs) end += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** The program's rules: its stored JSON over the defaults. */
export function fraudRulesOf(stored: string | null): FraudRules {
  if (!stored) return DEFAULT_FRAUD_RULES;
  return { ...DEFAULT_FRAUD_RULES, ...(JSON.parse(stored) as Partial<FraudRules>) };
}

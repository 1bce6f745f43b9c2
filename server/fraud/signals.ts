// Fraud signals: facts about a commission about to be created in, the signals that fire out. Pure,
// so each threshold is unit-tested. A commission with any signal is held (`held`, held_by
// "fraud") until the merchant releases or rejects it; the signals go to the audit log as facts.
// Defaults and their reasoning: docs/fraud.md.

export interface FraudRules {
  /** The customer's e-mail is the partner's own (case-insensitive). */
  self_referral: boolean;
  /**
   * The same customer converted through at least this many different partners (this one
   * included) within `customer_partners_days`: coupon-site or cookie-stuffing rings. 0: off.
   */
  customer_partners: number;
  customer_partners_days: number;
}

export const DEFAULT_FRAUD_RULES: FraudRules = {
  self_referral: true,
  customer_partners: 3,
  customer_partners_days: 30,
};

export interface FraudFacts {
  partner_id: string;
  partner_email: string | null;
  customer_email: string | null;
  customer_id: string | null;
  /** Other partners this customer converted through within the rule's days. */
  other_partner_ids: string[];
}

export type FraudSignal =
  | { signal: "SELF_REFERRAL"; email: string }
  | { signal: "CUSTOMER_MANY_PARTNERS"; customer_id: string; partner_ids: string[]; days: number };

export function fraudSignals(rules: FraudRules, facts: FraudFacts): FraudSignal[] {
  const signals: FraudSignal[] = [];
  const customer = facts.customer_email?.trim().toLowerCase();
  const partner = facts.partner_email?.trim().toLowerCase();
  if (rules.self_referral && customer && partner && customer === partner) {
    signals.push({ signal: "SELF_REFERRAL", email: customer });
  }
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
  return signals;
}

/** The program's rules: its stored JSON over the defaults. */
export function fraudRulesOf(stored: string | null): FraudRules {
  if (!stored) return DEFAULT_FRAUD_RULES;
  return { ...DEFAULT_FRAUD_RULES, ...(JSON.parse(stored) as Partial<FraudRules>) };
}

// Gathers the facts the fraud signals need for a commission about to be created, and answers the
// signals that fire under the program's rules.
import { clickSignalsOf } from "../clicks/signals";
import type { Mode } from "../contract/key-format";
import { STRIPE_CUSTOMER_ID } from "../contract/schemas/partners";
import { findPartner } from "../partners/repository";
import type { Services } from "../services";
import type { Program } from "../store/schema";
import { merchantScoped, scoped } from "../store/tenant";
import { otherPartnersOfCustomer, visitorClickTimes } from "./facts";
import {
  type FraudRules,
  type FraudSignal,
  fraudRulesOf,
  fraudSignals,
  visitorBurst,
} from "./signals";

export interface FraudCheck {
  rules: FraudRules;
  signals: FraudSignal[];
}

export async function checkFraud(
  services: Pick<Services, "store" | "clock">,
  scope: { merchantId: string; mode: Mode },
  input: {
    program: Program;
    partnerId: string;
    customerEmail: string | null;
    customerId: string | null;
    /** The conversion's own click (this mode's), when it has one. */
    click: { id: string; visitorHash: string; createdAt: string } | null;
    occurredAt: string;
  },
): Promise<FraudCheck> {
  const rules = fraudRulesOf(input.program.fraud_rules);
  const tenant = scoped(services.store.db, scope);
  // The partner is read only when there is something to compare with it: a sale naming neither
  // an e-mail nor a Stripe customer (a merchant's own customer ids) costs no read.
  const comparable =
    input.customerEmail || (input.customerId !== null && STRIPE_CUSTOMER_ID.test(input.customerId));
  const [partner, otherPartners, visitorTimes, clickSignals] = await Promise.all([
    rules.self_referral && comparable
      ? findPartner(merchantScoped(services.store.db, scope.merchantId), input.partnerId)
      : undefined,
    otherPartnersOfCustomer(tenant, rules, {
      customerId: input.customerId,
      partnerId: input.partnerId,
      now: services.clock.now(),
    }),
    input.click ? visitorClickTimes(tenant, rules, input.click) : [],
    input.click ? clickSignalsOf(tenant, input.click.id) : null,
  ]);
  const clickTime = input.click ? Date.parse(input.click.createdAt) : null;
  const signals = fraudSignals(rules, {
    partner_id: input.partnerId,
    partner_email: partner?.email ?? null,
    partner_stripe_customer_id: partner?.stripe_customer_id ?? null,
    customer_email: input.customerEmail,
    customer_id: input.customerId,
    other_partner_ids: otherPartners,
    visitor_clicks:
      clickTime !== null && rules.visitor_clicks > 0
        ? visitorBurst(visitorTimes, clickTime, rules.visitor_clicks_minutes * 60_000)
        : null,
    seconds_after_click:
      clickTime !== null ? Math.round((Date.parse(input.occurredAt) - clickTime) / 100) / 10 : null,
    automated: input.click ? (clickSignals?.automated ?? false) : null,
    network_clicks: clickSignals?.network ?? null,
  });
  return { rules, signals };
}

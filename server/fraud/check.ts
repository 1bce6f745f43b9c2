// Gathers the facts the fraud signals need for a commission about to be created, and answers the
// signals that fire under the program's rules.
import type { Mode } from "../contract/key-format";
import { findPartner } from "../partners/repository";
import type { Services } from "../services";
import type { Program } from "../store/schema";
import { merchantScoped, scoped } from "../store/tenant";
import { otherPartnersOfCustomer } from "./facts";
import { type FraudRules, type FraudSignal, fraudRulesOf, fraudSignals } from "./signals";

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
  },
): Promise<FraudCheck> {
  const rules = fraudRulesOf(input.program.fraud_rules);
  const [partner, otherPartners] = await Promise.all([
    rules.self_referral && input.customerEmail
      ? findPartner(merchantScoped(services.store.db, scope.merchantId), input.partnerId)
      : undefined,
    otherPartnersOfCustomer(scoped(services.store.db, scope), rules, {
      customerId: input.customerId,
      partnerId: input.partnerId,
      now: services.clock.now(),
    }),
  ]);
  const signals = fraudSignals(rules, {
    partner_id: input.partnerId,
    partner_email: partner?.email ?? null,
    customer_email: input.customerEmail,
    customer_id: input.customerId,
    other_partner_ids: otherPartners,
  });
  return { rules, signals };
}

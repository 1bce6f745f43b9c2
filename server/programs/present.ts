import type { ProgramObject } from "../contract/schemas/programs";
import { fraudRulesOf } from "../fraud/signals";
import type { Program } from "../store/schema";
import { commissionRuleOf, trialBountyOf } from "./repository";

export function presentProgram(row: Program): ProgramObject {
  return {
    id: row.id,
    object: "program",
    name: row.name,
    attribution_window_days: row.attribution_window_days,
    commission: commissionRuleOf(row),
    recurring_months: row.recurring_months,
    attribution_model: row.attribution_model,
    trial_bounty: trialBountyOf(row),
    commission_base_includes_shipping: row.commission_base_includes_shipping === 1,
    attribute_by_ref: row.attribute_by_ref === 1,
    hold_days: row.hold_days,
    fraud: fraudRulesOf(row.fraud_rules),
    promo_code_precedence: row.promo_code_precedence,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

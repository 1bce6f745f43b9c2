// Programs: attribution window, commission, recurring months and attribution model, shared by
// both modes of a merchant.

import type { FraudRules } from "../fraud/signals";
import { type Clock, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import { type Page, type PageRequest, paginate } from "../store/paginate";
import type { AttributionModel, Program, ProgramUpdate } from "../store/schema";
import type { MerchantQueries } from "../store/tenant";

export type CommissionRule =
  | { type: "percent"; percent: number }
  | { type: "flat"; amount_cents: number; currency: string };

/** A flat amount in a currency's smallest unit. */
export interface FlatAmount {
  amount_cents: number;
  currency: string;
}

export interface ProgramInput {
  name: string;
  attribution_window_days?: number;
  commission?: CommissionRule;
  recurring_months?: number;
  attribution_model?: AttributionModel;
  trial_bounty?: FlatAmount | null;
  commission_base_includes_shipping?: boolean;
  attribute_by_ref?: boolean;
  hold_days?: number;
  /** Fraud thresholds over the defaults (fraud/signals.ts). */
  fraud?: Partial<FraudRules>;
  promo_code_precedence?: "code" | "click";
}

export const DEFAULT_WINDOW_DAYS = 30;
/** Rewardful's default too: most refunds of a sale come within a month of it. */
export const DEFAULT_HOLD_DAYS = 30;
export const DEFAULT_COMMISSION: CommissionRule = { type: "percent", percent: 20 };

export function commissionColumns(rule: CommissionRule) {
  return rule.type === "percent"
    ? {
        commission_type: "percent" as const,
        commission_percent: rule.percent,
        commission_amount_cents: null,
        commission_currency: null,
      }
    : {
        commission_type: "flat" as const,
        commission_percent: null,
        commission_amount_cents: rule.amount_cents,
        commission_currency: rule.currency,
      };
}

function trialBountyColumns(bounty: FlatAmount | null) {
  return {
    trial_bounty_amount_cents: bounty?.amount_cents ?? null,
    trial_bounty_currency: bounty?.currency ?? null,
  };
}

export function trialBountyOf(program: Program): FlatAmount | null {
  return program.trial_bounty_amount_cents !== null && program.trial_bounty_currency !== null
    ? { amount_cents: program.trial_bounty_amount_cents, currency: program.trial_bounty_currency }
    : null;
}

export function commissionRuleOf(program: Program): CommissionRule {
  return program.commission_type === "percent"
    ? { type: "percent", percent: program.commission_percent ?? 0 }
    : {
        type: "flat",
        amount_cents: program.commission_amount_cents ?? 0,
        currency: program.commission_currency ?? "EUR",
      };
}

export async function insertProgram(
  tenant: MerchantQueries,
  clock: Clock,
  input: ProgramInput,
): Promise<Program> {
  const now = toIso(clock.now());
  const row: Program = {
    id: newId("prg"),
    merchant_id: tenant.scope.merchantId,
    name: input.name,
    attribution_window_days: input.attribution_window_days ?? DEFAULT_WINDOW_DAYS,
    ...commissionColumns(input.commission ?? DEFAULT_COMMISSION),
    recurring_months: input.recurring_months ?? 0,
    attribution_model: input.attribution_model ?? "last_click",
    ...trialBountyColumns(input.trial_bounty ?? null),
    commission_base_includes_shipping: input.commission_base_includes_shipping ? 1 : 0,
    attribute_by_ref: input.attribute_by_ref ? 1 : 0,
    hold_days: input.hold_days ?? DEFAULT_HOLD_DAYS,
    fraud_rules: input.fraud ? JSON.stringify(input.fraud) : null,
    promo_code_precedence: input.promo_code_precedence ?? "code",
    created_at: now,
    updated_at: now,
  };
  await tenant.insertInto("programs", row).execute();
  return row;
}

export function findProgram(tenant: MerchantQueries, id: string): Promise<Program | undefined> {
  return tenant.selectFrom("programs").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listPrograms(tenant: MerchantQueries, page: PageRequest): Promise<Page<Program>> {
  return paginate(tenant, "programs", page);
}

/** Applies the given fields only; answers undefined when the merchant has no such program. */
export async function updateProgram(
  tenant: MerchantQueries,
  clock: Clock,
  id: string,
  changes: Partial<ProgramInput>,
): Promise<Program | undefined> {
  const set: ProgramUpdate = { updated_at: toIso(clock.now()) };
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.attribution_window_days !== undefined) {
    set.attribution_window_days = changes.attribution_window_days;
  }
  if (changes.commission !== undefined) Object.assign(set, commissionColumns(changes.commission));
  if (changes.recurring_months !== undefined) set.recurring_months = changes.recurring_months;
  if (changes.attribution_model !== undefined) set.attribution_model = changes.attribution_model;
  if (changes.trial_bounty !== undefined)
    Object.assign(set, trialBountyColumns(changes.trial_bounty));
  if (changes.commission_base_includes_shipping !== undefined) {
    set.commission_base_includes_shipping = changes.commission_base_includes_shipping ? 1 : 0;
  }
  if (changes.attribute_by_ref !== undefined)
    set.attribute_by_ref = changes.attribute_by_ref ? 1 : 0;
  if (changes.hold_days !== undefined) set.hold_days = changes.hold_days;
  if (changes.fraud !== undefined) set.fraud_rules = JSON.stringify(changes.fraud);
  if (changes.promo_code_precedence !== undefined) {
    set.promo_code_precedence = changes.promo_code_precedence;
  }
  const result = await tenant
    .updateTable("programs")
    .set(set)
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return findProgram(tenant, id);
}

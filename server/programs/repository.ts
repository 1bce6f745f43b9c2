// Programs: attribution window, commission, recurring months and attribution model, shared by
// both modes of a merchant.
import type { Kysely } from "kysely";
import { type Clock, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { AttributionModel, Database, Program, ProgramUpdate } from "../store/schema";

export type CommissionRule =
  | { type: "percent"; percent: number }
  | { type: "flat"; amount_cents: number; currency: string };

export interface ProgramInput {
  name: string;
  attribution_window_days?: number;
  commission?: CommissionRule;
  recurring_months?: number;
  attribution_model?: AttributionModel;
}

export const DEFAULT_WINDOW_DAYS = 30;
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
  db: Kysely<Database>,
  clock: Clock,
  merchantId: string,
  input: ProgramInput,
): Promise<Program> {
  const now = toIso(clock.now());
  const row: Program = {
    id: newId("prg"),
    merchant_id: merchantId,
    name: input.name,
    attribution_window_days: input.attribution_window_days ?? DEFAULT_WINDOW_DAYS,
    ...commissionColumns(input.commission ?? DEFAULT_COMMISSION),
    recurring_months: input.recurring_months ?? 0,
    attribution_model: input.attribution_model ?? "last_click",
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("programs").values(row).execute();
  return row;
}

export async function findProgram(
  db: Kysely<Database>,
  merchantId: string,
  id: string,
): Promise<Program | undefined> {
  return db
    .selectFrom("programs")
    .selectAll()
    .where("merchant_id", "=", merchantId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Applies the given fields only; answers undefined when the merchant has no such program. */
export async function updateProgram(
  db: Kysely<Database>,
  clock: Clock,
  merchantId: string,
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
  const result = await db
    .updateTable("programs")
    .set(set)
    .where("merchant_id", "=", merchantId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return findProgram(db, merchantId, id);
}

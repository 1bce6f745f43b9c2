import type { ProgramObject } from "../contract/schemas/programs";
import type { Program } from "../store/schema";
import { commissionRuleOf } from "./repository";

export function presentProgram(row: Program): ProgramObject {
  return {
    id: row.id,
    object: "program",
    name: row.name,
    attribution_window_days: row.attribution_window_days,
    commission: commissionRuleOf(row),
    recurring_months: row.recurring_months,
    attribution_model: row.attribution_model,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

import type { CommissionObject } from "../contract/schemas/commissions";
import type { Commission } from "../store/schema";

export function presentCommission(row: Commission): CommissionObject {
  return {
    id: row.id,
    object: "commission",
    mode: row.mode,
    conversion_id: row.conversion_id,
    partner_id: row.partner_id,
    program_id: row.program_id,
    amount_cents: Number(row.amount_cents),
    reversed_amount_cents: Number(row.reversed_amount_cents),
    currency: row.currency,
    status: row.status,
    held_by: row.held_by,
    due_at: row.due_at,
    payout_id: row.payout_id,
    paid_at: row.paid_at,
    paid_amount_cents: row.paid_amount_cents === null ? null : Number(row.paid_amount_cents),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

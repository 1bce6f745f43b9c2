// Negative adjustments: what a partner owes back after a refund of a commission already paid.
// The paid commission is never edited; the adjustment is carried to the partner's next payout in
// its currency and settled by it.
import { newId } from "../lib/ids";
import type { Commission, CommissionAdjustment } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

export async function carryAdjustment(
  trx: ModeQueries,
  commission: Commission,
  input: { amountCents: number; reason: string; refundId: string | null; at: string },
): Promise<CommissionAdjustment> {
  const row: CommissionAdjustment = {
    id: newId("adj"),
    merchant_id: trx.scope.merchantId,
    mode: trx.scope.mode,
    commission_id: commission.id,
    partner_id: commission.partner_id,
    amount_cents: input.amountCents,
    currency: commission.currency,
    reason: input.reason,
    refund_id: input.refundId,
    payout_id: null,
    created_at: input.at,
  };
  await trx.insertInto("commission_adjustments", row).execute();
  return row;
}

/** Adjustments not yet settled by a payout, oldest first. */
export async function carriedAdjustments(
  tenant: ModeQueries,
  partnerIds?: string[],
): Promise<CommissionAdjustment[]> {
  let query = tenant
    .selectFrom("commission_adjustments")
    .selectAll()
    .where("payout_id", "is", null);
  if (partnerIds) {
    if (partnerIds.length === 0) return [];
    query = query.where("partner_id", "in", partnerIds);
  }
  const rows = await query.orderBy("created_at").orderBy("id").execute();
  return rows.map((row) => ({ ...row, amount_cents: Number(row.amount_cents) }));
}

export async function adjustmentsOfPayout(
  tenant: ModeQueries,
  payoutId: string,
): Promise<CommissionAdjustment[]> {
  const rows = await tenant
    .selectFrom("commission_adjustments")
    .selectAll()
    .where("payout_id", "=", payoutId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ ...row, amount_cents: Number(row.amount_cents) }));
}

/** Settles these adjustments by the payout; false when one was settled meanwhile. */
export async function settleAdjustments(
  trx: ModeQueries,
  ids: string[],
  payoutId: string,
): Promise<boolean> {
  if (ids.length === 0) return true;
  const result = await trx
    .updateTable("commission_adjustments")
    .set({ payout_id: payoutId })
    .where("id", "in", ids)
    .where("payout_id", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === ids.length;
}

/** Carried adjustments summed per partner and currency. */
export async function carriedSums(
  tenant: ModeQueries,
): Promise<Array<{ partner_id: string; currency: string; count: number; amount_cents: number }>> {
  const rows = await tenant
    .selectFrom("commission_adjustments")
    .select((eb) => [
      "partner_id",
      "currency",
      eb.fn.countAll().as("count"),
      eb.fn.sum("amount_cents").as("amount_cents"),
    ])
    .where("payout_id", "is", null)
    .groupBy(["partner_id", "currency"])
    .execute();
  return rows.map((row) => ({
    partner_id: row.partner_id,
    currency: row.currency,
    count: Number(row.count),
    amount_cents: Number(row.amount_cents),
  }));
}

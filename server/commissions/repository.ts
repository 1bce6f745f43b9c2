// Commissions, always within one merchant and one mode.
import { type Page, type PageRequest, paginate } from "../store/paginate";
import type { Commission, CommissionStatus } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

export function findCommission(tenant: ModeQueries, id: string): Promise<Commission | undefined> {
  return tenant.selectFrom("commissions").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findCommissionOf(
  tenant: ModeQueries,
  conversionId: string,
): Promise<Commission | null> {
  const row = await tenant
    .selectFrom("commissions")
    .selectAll()
    .where("conversion_id", "=", conversionId)
    .executeTakeFirst();
  return row ?? null;
}

/** The commissions of these conversions, by conversion id (a conversion has at most one). */
export async function commissionsOf(
  tenant: ModeQueries,
  conversionIds: string[],
): Promise<Map<string, Commission>> {
  const byConversion = new Map<string, Commission>();
  if (conversionIds.length === 0) return byConversion;
  const rows = await tenant
    .selectFrom("commissions")
    .selectAll()
    .where("conversion_id", "in", conversionIds)
    .execute();
  for (const row of rows) byConversion.set(row.conversion_id, row);
  return byConversion;
}

export function listCommissions(
  tenant: ModeQueries,
  page: PageRequest,
  filters: {
    partner_id?: string | undefined;
    status?: CommissionStatus | undefined;
    conversion_id?: string | undefined;
  },
): Promise<Page<Commission>> {
  return paginate(tenant, "commissions", page, filters);
}

export async function insertCommission(tenant: ModeQueries, commission: Commission): Promise<void> {
  await tenant.insertInto("commissions", commission).execute();
}

/**
 * Sets the reversed total, on condition that nobody changed it since it was read as
 * `reversedBefore`: a surprise fails the caller's transaction instead of making a wrong sum. A
 * held commission stays held: the new status is the one it returns to when the hold ends.
 */
export async function reverseCommission(
  tenant: ModeQueries,
  commission: Commission,
  change: { reversedAfter: number; status: Exclude<CommissionStatus, "held">; at: string },
): Promise<boolean> {
  const held = commission.status === "held";
  const result = await tenant
    .updateTable("commissions")
    .set({
      reversed_amount_cents: change.reversedAfter,
      ...(held ? { status_before_hold: change.status } : { status: change.status }),
      updated_at: change.at,
    })
    .where("id", "=", commission.id)
    .where("reversed_amount_cents", "=", commission.reversed_amount_cents)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Holds the commission for a dispute: `held`, remembering the status to return to. Not a
 * commission reversed in full (nothing is left to hold), nor one already held.
 */
export async function holdCommission(
  tenant: ModeQueries,
  commission: Commission,
  hold: { disputeId: string; at: string },
): Promise<boolean> {
  if (commission.status === "held" || commission.status === "reversed") return false;
  const result = await tenant
    .updateTable("commissions")
    .set({
      status: "held",
      status_before_hold: commission.status,
      held_by: hold.disputeId,
      updated_at: hold.at,
    })
    .where("id", "=", commission.id)
    .where("status", "=", commission.status)
    .where("held_by", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends the dispute's hold: the commission returns to the status it had (or got meanwhile). */
export async function releaseCommission(
  tenant: ModeQueries,
  commission: Commission,
  hold: { disputeId: string; at: string },
): Promise<boolean> {
  if (commission.held_by !== hold.disputeId || commission.status_before_hold === null) return false;
  const result = await tenant
    .updateTable("commissions")
    .set({
      status: commission.status_before_hold,
      status_before_hold: null,
      held_by: null,
      updated_at: hold.at,
    })
    .where("id", "=", commission.id)
    .where("held_by", "=", hold.disputeId)
    .where("status_before_hold", "=", commission.status_before_hold)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

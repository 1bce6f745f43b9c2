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
 * `reversedBefore`: a surprise fails the caller's transaction instead of making a wrong sum. In
 * full, the commission is `reversed` at any stage; in part, a pending one becomes
 * `partially_reversed` and a due or paid one keeps its stage (the amount owed is what is not
 * reversed). The stage is read by the update itself, so a payout committing meanwhile is seen.
 * A held commission stays held: the change applies to the status it returns to.
 */
export async function reverseCommission(
  tenant: ModeQueries,
  commission: Commission,
  change: { reversedAfter: number; inFull: boolean; at: string },
): Promise<boolean> {
  const held = commission.status === "held";
  const column = held ? "status_before_hold" : "status";
  const result = await tenant
    .updateTable("commissions")
    .set((eb) => ({
      reversed_amount_cents: change.reversedAfter,
      [column]: change.inFull
        ? "reversed"
        : eb
            .case()
            .when(column, "=", "pending")
            .then("partially_reversed")
            .else(eb.ref(column))
            .end(),
      updated_at: change.at,
    }))
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

/** Pending commissions whose hold has ended by `now`, longest due first. */
export function commissionsPastHold(
  tenant: ModeQueries,
  now: string,
  limit: number,
): Promise<Commission[]> {
  return tenant
    .selectFrom("commissions")
    .selectAll()
    .where("status", "in", ["pending", "partially_reversed"])
    .where("due_at", "<=", now)
    .orderBy("due_at")
    .limit(limit)
    .execute();
}

/** pending → due, on condition that it is still the status it was read with. */
export async function markCommissionDue(
  tenant: ModeQueries,
  commission: Commission,
  at: string,
): Promise<boolean> {
  const result = await tenant
    .updateTable("commissions")
    .set({ status: "due", updated_at: at })
    .where("id", "=", commission.id)
    .where("status", "=", commission.status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Due commissions not yet in a payout; only these ids when given. */
export function dueCommissions(
  tenant: ModeQueries,
  filter: { ids?: string[]; partnerIds?: string[] } = {},
): Promise<Commission[]> {
  let query = tenant
    .selectFrom("commissions")
    .selectAll()
    .where("status", "=", "due")
    .where("payout_id", "is", null);
  if (filter.ids) query = query.where("id", "in", filter.ids);
  if (filter.partnerIds) query = query.where("partner_id", "in", filter.partnerIds);
  return query.orderBy("created_at").orderBy("id").execute();
}

/**
 * due → paid by the payout, each paying its amount less what was reversed at that moment (read
 * by the update itself). False when one was paid or changed meanwhile: the caller rolls back.
 */
export async function markCommissionsPaid(
  trx: ModeQueries,
  ids: string[],
  payout: { id: string; at: string },
): Promise<boolean> {
  const result = await trx
    .updateTable("commissions")
    .set((eb) => ({
      status: "paid",
      payout_id: payout.id,
      paid_at: payout.at,
      paid_amount_cents: eb("amount_cents", "-", eb.ref("reversed_amount_cents")),
      updated_at: payout.at,
    }))
    .where("id", "in", ids)
    .where("status", "=", "due")
    .where("payout_id", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === ids.length;
}

export function commissionsOfPayout(tenant: ModeQueries, payoutId: string): Promise<Commission[]> {
  return tenant
    .selectFrom("commissions")
    .selectAll()
    .where("payout_id", "=", payoutId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export interface DueSum {
  partner_id: string;
  currency: string;
  count: number;
  amount_cents: number;
}

/** What is due and not yet paid, summed per partner and currency (a range of the due index). */
export async function dueSums(tenant: ModeQueries): Promise<DueSum[]> {
  const rows = await tenant
    .selectFrom("commissions")
    .select((eb) => [
      "partner_id",
      "currency",
      eb.fn.countAll().as("count"),
      eb.fn.sum(eb("amount_cents", "-", eb.ref("reversed_amount_cents"))).as("amount_cents"),
    ])
    .where("status", "=", "due")
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

/** A held commission rejected by the merchant: reversed in full, the hold ended. */
export async function rejectHeldCommission(
  tenant: ModeQueries,
  commission: Commission,
  hold: { heldBy: string; at: string },
): Promise<boolean> {
  const result = await tenant
    .updateTable("commissions")
    .set({
      status: "reversed",
      reversed_amount_cents: commission.amount_cents,
      status_before_hold: null,
      held_by: null,
      updated_at: hold.at,
    })
    .where("id", "=", commission.id)
    .where("status", "=", "held")
    .where("held_by", "=", hold.heldBy)
    .where("reversed_amount_cents", "=", commission.reversed_amount_cents)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

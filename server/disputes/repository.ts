// Disputes of conversions' payments, always within one merchant and one mode. The row is the
// lock that makes a dispute open once and close once, whichever of Stripe's events comes first.
import type { DisputeStatus, StripeDisputesTable } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

type DisputeRow = Omit<StripeDisputesTable, "merchant_id" | "mode">;

export function findDispute(
  tenant: ModeQueries,
  disputeId: string,
): Promise<StripeDisputesTable | undefined> {
  return tenant
    .selectFrom("stripe_disputes")
    .selectAll()
    .where("dispute_id", "=", disputeId)
    .executeTakeFirst();
}

/** Inserts the dispute unless it is known already; true when this call inserted it. */
export async function insertDispute(tenant: ModeQueries, row: DisputeRow): Promise<boolean> {
  const inserted = await tenant
    .insertInto("stripe_disputes", row)
    .onConflict((oc) => oc.columns(["merchant_id", "mode", "dispute_id"]).doNothing())
    .returning("dispute_id")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Closes an open dispute; false when it was not open (closed before, by another event). */
export async function closeOpenDispute(
  tenant: ModeQueries,
  disputeId: string,
  close: { status: Exclude<DisputeStatus, "open">; at: string },
): Promise<boolean> {
  const result = await tenant
    .updateTable("stripe_disputes")
    .set({ status: close.status, closed_at: close.at })
    .where("dispute_id", "=", disputeId)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

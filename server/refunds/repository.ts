// Refunds of conversions, always within one merchant and one mode. An external refund id (a
// Stripe refund slice, the merchant's own id) is unique within the mode: the row that holds it
// is the claim that makes a second delivery of the same refund do nothing.
import type { Refund } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

/** Throws the database's unique violation when the external refund id is taken. */
export async function insertRefund(tenant: ModeQueries, refund: Refund): Promise<void> {
  await tenant.insertInto("refunds", refund).execute();
}

export async function setCommissionReversed(
  tenant: ModeQueries,
  refundId: string,
  cents: number,
): Promise<void> {
  await tenant
    .updateTable("refunds")
    .set({ commission_reversed_cents: cents })
    .where("id", "=", refundId)
    .execute();
}

export function findRefundByExternalId(
  tenant: ModeQueries,
  externalRefundId: string,
): Promise<Refund | undefined> {
  return tenant
    .selectFrom("refunds")
    .selectAll()
    .where("external_refund_id", "=", externalRefundId)
    .executeTakeFirst();
}

/** The refunds of one conversion whose external ids start with `prefix` (a Stripe charge's). */
export async function refundedWithPrefix(
  tenant: ModeQueries,
  conversionId: string,
  prefix: string,
): Promise<number> {
  const rows = await tenant
    .selectFrom("refunds")
    .select(["amount_cents", "external_refund_id"])
    .where("conversion_id", "=", conversionId)
    .execute();
  return rows
    .filter((row) => row.external_refund_id?.startsWith(prefix))
    .reduce((sum, row) => sum + row.amount_cents, 0);
}

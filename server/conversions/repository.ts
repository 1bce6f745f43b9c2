// Conversions, always within one merchant and one mode.
import { type Page, type PageRequest, paginate } from "../store/paginate";
import type { Conversion, ConversionStatus } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

export function findConversion(tenant: ModeQueries, id: string): Promise<Conversion | undefined> {
  return tenant.selectFrom("conversions").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The conversion reported with this transaction id (Stripe: the Checkout Session id). */
export function findConversionByTransaction(
  tenant: ModeQueries,
  externalTransactionId: string,
): Promise<Conversion | undefined> {
  return tenant
    .selectFrom("conversions")
    .selectAll()
    .where("external_transaction_id", "=", externalTransactionId)
    .executeTakeFirst();
}

interface ConversionFilters {
  click_id?: string | undefined;
  external_transaction_id?: string | undefined;
  partner_id?: string | undefined;
  status?: ConversionStatus | undefined;
  reason?: string | undefined;
}

export function listConversions(
  tenant: ModeQueries,
  page: PageRequest,
  filters: ConversionFilters,
): Promise<Page<Conversion>> {
  return paginate(tenant, "conversions", page, filters);
}

/** Throws the database's unique violation when the transaction id was reported before. */
export async function insertConversion(tenant: ModeQueries, conversion: Conversion): Promise<void> {
  await tenant.insertInto("conversions", conversion).execute();
}

interface RefundedTotals {
  amount_cents: number;
  refunded_amount_cents: number;
}

/**
 * Adds `cents` to the refunded total unless that would exceed the amount: conditional in the
 * database, so two racing refunds cannot exceed it (the second one's condition is re-checked
 * against the first one's committed total). The conversion after the change, or undefined.
 */
export function addRefundedCents(
  tenant: ModeQueries,
  conversionId: string,
  cents: number,
): Promise<Conversion | undefined> {
  return tenant
    .updateTable("conversions")
    .set((eb) => ({ refunded_amount_cents: eb("refunded_amount_cents", "+", cents) }))
    .where("id", "=", conversionId)
    .where((eb) => eb("amount_cents", ">=", eb("refunded_amount_cents", "+", cents)))
    .returningAll()
    .executeTakeFirst();
}

export function refundedTotals(
  tenant: ModeQueries,
  conversionId: string,
): Promise<RefundedTotals | undefined> {
  return tenant
    .selectFrom("conversions")
    .select(["amount_cents", "refunded_amount_cents"])
    .where("id", "=", conversionId)
    .executeTakeFirst();
}

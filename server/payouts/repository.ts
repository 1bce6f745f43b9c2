// Payouts, always within one merchant and one mode. A payout's reference is unique there: the
// row is the claim that makes a second request with the same reference answer the first payout.
import { type Page, type PageRequest, paginate } from "../store/paginate";
import type { Payout } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

/** Throws the database's unique violation when the reference is taken. */
export async function insertPayout(trx: ModeQueries, payout: Payout): Promise<void> {
  await trx.insertInto("payouts", payout).execute();
}

export function findPayout(tenant: ModeQueries, id: string): Promise<Payout | undefined> {
  return tenant.selectFrom("payouts").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findPayoutByReference(
  tenant: ModeQueries,
  reference: string,
): Promise<Payout | undefined> {
  return tenant
    .selectFrom("payouts")
    .selectAll()
    .where("reference", "=", reference)
    .executeTakeFirst();
}

export function listPayouts(tenant: ModeQueries, page: PageRequest): Promise<Page<Payout>> {
  return paginate(tenant, "payouts", page);
}

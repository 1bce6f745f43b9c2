// A merchant by id: the tenant itself, not a row of a tenant table.
import type { Kysely } from "kysely";
import type { Database, Merchant } from "../store/schema";

const MERCHANT_ID = /^mer_[A-Za-z0-9]{1,64}$/;

/** Shaped like a merchant id: anything else (from a URL, say) names no merchant. */
export function isMerchantId(id: string): boolean {
  return MERCHANT_ID.test(id);
}

export async function findMerchant(
  db: Kysely<Database>,
  id: string,
): Promise<Merchant | undefined> {
  if (!isMerchantId(id)) return undefined;
  return db.selectFrom("merchants").selectAll().where("id", "=", id).executeTakeFirst();
}

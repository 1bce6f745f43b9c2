// Reading conversions and their commissions, always within one merchant and one mode.
import type { Kysely } from "kysely";
import type { Mode } from "../contract/key-format";
import type { Commission, Conversion, Database } from "../store/schema";

export async function findConversion(
  db: Kysely<Database>,
  merchantId: string,
  mode: Mode,
  id: string,
): Promise<Conversion | undefined> {
  return db
    .selectFrom("conversions")
    .selectAll()
    .where("merchant_id", "=", merchantId)
    .where("mode", "=", mode)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The conversion reported with this transaction id (Stripe: the Checkout Session id). */
export async function findConversionByTransaction(
  db: Kysely<Database>,
  merchantId: string,
  mode: Mode,
  externalTransactionId: string,
): Promise<Conversion | undefined> {
  return db
    .selectFrom("conversions")
    .selectAll()
    .where("merchant_id", "=", merchantId)
    .where("mode", "=", mode)
    .where("external_transaction_id", "=", externalTransactionId)
    .executeTakeFirst();
}

export async function findCommissionOf(
  db: Kysely<Database>,
  conversionId: string,
): Promise<Commission | null> {
  const row = await db
    .selectFrom("commissions")
    .selectAll()
    .where("conversion_id", "=", conversionId)
    .executeTakeFirst();
  return row ?? null;
}

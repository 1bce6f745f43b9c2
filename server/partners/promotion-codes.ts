// Stripe promotion codes owned by partners, shared by both modes of a merchant (Stripe's test and
// live ids differ). A code has one owner.
import type { Partner, PartnerPromotionCodesTable, Program } from "../store/schema";
import type { MerchantQueries } from "../store/tenant";

export type PartnerPromotionCode = PartnerPromotionCodesTable;

/** Throws the database's unique violation when the code has an owner already. */
export async function assignPromotionCode(
  tenant: MerchantQueries,
  row: Omit<PartnerPromotionCode, "merchant_id">,
): Promise<void> {
  await tenant.insertInto("partner_promotion_codes", row).execute();
}

export function findPromotionCode(
  tenant: MerchantQueries,
  promotionCodeId: string,
): Promise<PartnerPromotionCode | undefined> {
  return tenant
    .selectFrom("partner_promotion_codes")
    .selectAll()
    .where("promotion_code_id", "=", promotionCodeId)
    .executeTakeFirst();
}

export function promotionCodesOf(
  tenant: MerchantQueries,
  partnerId: string,
): Promise<PartnerPromotionCode[]> {
  return tenant
    .selectFrom("partner_promotion_codes")
    .selectAll()
    .where("partner_id", "=", partnerId)
    .orderBy("created_at")
    .execute();
}

/** Whether the partner owned the code: afterwards it credits nobody. */
export async function removePromotionCode(
  tenant: MerchantQueries,
  partnerId: string,
  promotionCodeId: string,
): Promise<boolean> {
  const result = await tenant
    .deleteFrom("partner_promotion_codes")
    .where("partner_id", "=", partnerId)
    .where("promotion_code_id", "=", promotionCodeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The code's owner and the owner's program now; undefined for a code nobody owns. */
export async function promotionCodeOwner(
  tenant: MerchantQueries,
  promotionCodeId: string,
): Promise<{ partner: Partner; program: Program } | undefined> {
  const owned = await findPromotionCode(tenant, promotionCodeId);
  if (!owned) return undefined;
  const partner = await tenant
    .selectFrom("partners")
    .selectAll()
    .where("id", "=", owned.partner_id)
    .executeTakeFirst();
  if (!partner) return undefined;
  const program = await tenant
    .selectFrom("programs")
    .selectAll()
    .where("id", "=", partner.program_id)
    .executeTakeFirst();
  return program ? { partner, program } : undefined;
}

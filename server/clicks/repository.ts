// Reading clicks (they are written by the click store, server/click-store/), always within one
// merchant: in one mode for the API, in either mode when a conversion looks its click up.
import { type Page, type PageRequest, paginate } from "../store/paginate";
import type { Click } from "../store/schema";
import type { MerchantQueries, ModeQueries } from "../store/tenant";

export function findClick(tenant: ModeQueries, id: string): Promise<Click | undefined> {
  return tenant.selectFrom("clicks").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listClicks(
  tenant: ModeQueries,
  page: PageRequest,
  filters: { partner_id?: string | undefined; ref?: string | undefined },
): Promise<Page<Click>> {
  return paginate(tenant, "clicks", page, filters);
}

/**
 * The click with its partner and the program it was made under (clicks ⋈ partners ⋈ programs,
 * written only here), in either mode: a click of the other mode is MODE_MISMATCH, not unknown.
 * Each join also matches the merchant, so no row of another merchant can be joined in.
 */
export function findClickWithProgram(tenant: MerchantQueries, clickId: string) {
  return tenant
    .selectFrom("clicks")
    .innerJoin("partners", (join) =>
      join
        .onRef("partners.id", "=", "clicks.partner_id")
        .onRef("partners.merchant_id", "=", "clicks.merchant_id"),
    )
    .innerJoin("programs", (join) =>
      join
        .onRef("programs.id", "=", "clicks.program_id")
        .onRef("programs.merchant_id", "=", "clicks.merchant_id"),
    )
    .selectAll("programs")
    .select([
      "clicks.id as click_id",
      "clicks.mode as click_mode",
      "clicks.created_at as click_created_at",
      "clicks.expires_at as click_expires_at",
      "clicks.partner_id as click_partner_id",
      "clicks.visitor_hash as click_visitor_hash",
      "partners.status as partner_status",
    ])
    .where("clicks.id", "=", clickId)
    .executeTakeFirst();
}

/**
 * The partner a ref names, with its status and its program now: who a sale is credited to by
 * ref when its click failed in the browser (ATTRIBUTED_BY_REF).
 */
export function findPartnerWithProgramByRef(tenant: MerchantQueries, ref: string) {
  return tenant
    .selectFrom("partners")
    .innerJoin("programs", (join) =>
      join
        .onRef("programs.id", "=", "partners.program_id")
        .onRef("programs.merchant_id", "=", "partners.merchant_id"),
    )
    .selectAll("programs")
    .select(["partners.id as partner_id", "partners.status as partner_status"])
    .where("partners.ref", "=", ref)
    .executeTakeFirst();
}

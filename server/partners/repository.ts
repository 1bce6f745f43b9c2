// Partners, shared by both modes of a merchant.
import { type Clock, toIso } from "../lib/clock";
import { newId, randomBase62 } from "../lib/ids";
import { type Page, type PageRequest, paginate } from "../store/paginate";
import type { AttributionModel, Partner, PartnerStatus } from "../store/schema";
import type { MerchantQueries } from "../store/tenant";

export interface PartnerInput {
  name: string;
  email?: string | null;
  stripe_customer_id?: string | null;
  program_id: string;
  ref?: string;
  status?: PartnerStatus;
}

/** Short, readable, and as unguessable as a ref needs to be. */
export function generateRef(): string {
  return randomBase62(10).toLowerCase();
}

/** Throws the database's unique violation when the ref is taken; callers turn it into a 4xx. */
export async function insertPartner(
  tenant: MerchantQueries,
  clock: Clock,
  input: PartnerInput,
): Promise<Partner> {
  const now = toIso(clock.now());
  const row: Partner = {
    id: newId("prt"),
    merchant_id: tenant.scope.merchantId,
    program_id: input.program_id,
    name: input.name,
    email: input.email ?? null,
    stripe_customer_id: input.stripe_customer_id ?? null,
    ref: input.ref ?? generateRef(),
    status: input.status ?? "pending",
    created_at: now,
    updated_at: now,
  };
  await tenant.insertInto("partners", row).execute();
  return row;
}

export function findPartner(tenant: MerchantQueries, id: string): Promise<Partner | undefined> {
  return tenant.selectFrom("partners").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listPartners(
  tenant: MerchantQueries,
  page: PageRequest,
  filters: { status?: PartnerStatus | undefined; program_id?: string | undefined },
): Promise<Page<Partner>> {
  return paginate(tenant, "partners", page, filters);
}

export type PartnerChanges = Partial<PartnerInput>;

/**
 * Applies the given fields only; answers undefined when the merchant has no such partner.
 * Throws the database's unique violation when the new ref is taken.
 */
export async function updatePartner(
  tenant: MerchantQueries,
  clock: Clock,
  id: string,
  changes: PartnerChanges,
): Promise<Partner | undefined> {
  const result = await tenant
    .updateTable("partners")
    .set({
      updated_at: toIso(clock.now()),
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.email !== undefined ? { email: changes.email } : {}),
      ...(changes.stripe_customer_id !== undefined
        ? { stripe_customer_id: changes.stripe_customer_id }
        : {}),
      ...(changes.program_id !== undefined ? { program_id: changes.program_id } : {}),
      ...(changes.ref !== undefined ? { ref: changes.ref } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
    })
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return findPartner(tenant, id);
}

export interface PartnerForClick {
  partner_id: string;
  program_id: string;
  attribution_window_days: number;
  attribution_model: AttributionModel;
  /** The program's fraud thresholds (JSON over the defaults): the network signal is counted per click. */
  fraud_rules: string | null;
}

/** The partner a ref names, with what a click needs of its program now. */
export function findPartnerForClick(
  tenant: MerchantQueries,
  ref: string,
): Promise<PartnerForClick | undefined> {
  return tenant
    .selectFrom("partners")
    .innerJoin("programs", (join) =>
      join
        .onRef("programs.id", "=", "partners.program_id")
        .onRef("programs.merchant_id", "=", "partners.merchant_id"),
    )
    .select([
      "partners.id as partner_id",
      "programs.id as program_id",
      "programs.attribution_window_days",
      "programs.attribution_model",
      "programs.fraud_rules",
    ])
    .where("partners.ref", "=", ref)
    .executeTakeFirst();
}

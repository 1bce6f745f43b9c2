// Stripe discounts (`di_…`) and the promotion codes behind them, kept from customer.discount.*
// events (event-types/customer-discount.ts) so an invoice that lists its discounts as bare ids
// finds its code (event-types/invoice-paid.ts, docs/promotion-codes.md).

import type { Clock } from "../lib/clock";
import { toIso } from "../lib/clock";
import type { ModeQueries } from "../store/tenant";

export interface KnownDiscount {
  discountId: string;
  promotionCodeId: string | null;
  subscriptionId: string | null;
}

/** Keeps (or, on customer.discount.updated, updates) the discount's code. */
export async function noteDiscount(
  tenant: ModeQueries,
  clock: Clock,
  discount: KnownDiscount,
): Promise<void> {
  await tenant
    .insertInto("stripe_discounts", {
      discount_id: discount.discountId,
      promotion_code_id: discount.promotionCodeId,
      subscription_id: discount.subscriptionId,
      created_at: toIso(clock.now()),
    })
    .onConflict((oc) =>
      oc.columns(["merchant_id", "mode", "discount_id"]).doUpdateSet((eb) => ({
        promotion_code_id: eb.ref("excluded.promotion_code_id"),
        subscription_id: eb.ref("excluded.subscription_id"),
      })),
    )
    .execute();
}

/**
 * What the stored discounts say of these ids: the first promotion code one of them names (in
 * the invoice's order), `null` when every one is known and none has a code, undefined while a
 * discount is unknown and none known names a code.
 */
export async function promotionCodeOfDiscounts(
  tenant: ModeQueries,
  discountIds: readonly string[],
): Promise<{ promotionCodeId: string | null } | undefined> {
  if (discountIds.length === 0) return { promotionCodeId: null };
  const rows = await tenant
    .selectFrom("stripe_discounts")
    .select(["discount_id", "promotion_code_id"])
    .where("discount_id", "in", [...new Set(discountIds)])
    .execute();
  const byId = new Map(rows.map((row) => [row.discount_id, row.promotion_code_id]));
  for (const id of discountIds) {
    const code = byId.get(id);
    if (code) return { promotionCodeId: code };
  }
  return discountIds.every((id) => byId.has(id)) ? { promotionCodeId: null } : undefined;
}

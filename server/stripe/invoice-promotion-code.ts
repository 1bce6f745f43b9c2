// The promotion code a paid invoice used, in the shapes of Stripe's API versions. Before
// 2025-03-31 (basil) an invoice carries its discount whole in `discount` (deprecated, with its
// `promotion_code`); every version lists `discounts` and `total_discount_amounts[].discount`,
// which are discount ids unless the endpoint expands them (then Discount objects with their
// `promotion_code`, an id or an expanded PromotionCode). A bare discount id names no code by
// itself: Selgeo does not call Stripe's API, so the code is found among the discounts
// customer.discount.* events named (discounts.ts; docs/promotion-codes.md).
// Read apart from the invoice's own schema: an unexpected shape loses only the credit, never the sale.
import { z } from "zod";
import { stripeIdSchema } from "./payload";

const promotionCodeRef = z.union([stripeIdSchema, z.object({ id: stripeIdSchema })]);
/** A Discount object naming its code; a bare id (`di_…`) or a coupon-only discount does not parse. */
const discountWithCode = z.object({ promotion_code: promotionCodeRef });

const invoiceDiscountsSchema = z.object({
  discount: z.unknown().optional(),
  discounts: z.array(z.unknown()).nullish(),
  total_discount_amounts: z
    .array(z.object({ discount: z.unknown().optional() }).nullish())
    .nullish(),
});

function codeOf(discount: unknown): string | null {
  const parsed = discountWithCode.safeParse(discount);
  if (!parsed.success) return null;
  const code = parsed.data.promotion_code;
  return typeof code === "string" ? code : code.id;
}

/** A Stripe discount's id. */
export const discountIdSchema = stripeIdSchema.refine(
  (id) => id.startsWith("di_"),
  "must be a discount id (di_…)",
);

/** The discounts the invoice names by bare id only (`di_…`, not expanded), in its order. */
export function invoiceDiscountIdsOf(invoice: unknown): string[] {
  const parsed = invoiceDiscountsSchema.safeParse(invoice);
  if (!parsed.success) return [];
  const { discounts, total_discount_amounts } = parsed.data;
  const ids = [...(discounts ?? []), ...(total_discount_amounts ?? []).map((e) => e?.discount)]
    .map((candidate) => discountIdSchema.safeParse(candidate))
    .flatMap((result) => (result.success ? [result.data] : []));
  return [...new Set(ids)];
}

/** The first promotion code any of the invoice's discounts names, or null. */
export function invoicePromotionCodeOf(invoice: unknown): string | null {
  const parsed = invoiceDiscountsSchema.safeParse(invoice);
  if (!parsed.success) return null;
  const { discount, discounts, total_discount_amounts } = parsed.data;
  const candidates = [
    discount,
    ...(discounts ?? []),
    ...(total_discount_amounts ?? []).map((entry) => entry?.discount),
  ];
  for (const candidate of candidates) {
    const code = codeOf(candidate);
    if (code) return code;
  }
  return null;
}

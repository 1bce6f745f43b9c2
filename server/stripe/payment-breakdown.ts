// The tax and shipping inside a Stripe payment, so the commission is taken of the goods alone
// (attribution/commission.ts earningOf; docs/stripe.md has a worked example). Stripe states them
// on the Checkout Session (`total_details.amount_tax`, `shipping_cost`, `total_details.amount_shipping`)
// and on the invoice (`total_taxes` since 2025-03-31, `tax` or `total_tax_amounts` before;
// `shipping_cost`, `amount_shipping`). Shipping is counted without its own tax, which is already
// part of the tax total.
import { z } from "zod";
import { amountSchema } from "./payload";

const shippingCostSchema = z
  .object({ amount_total: amountSchema, amount_tax: amountSchema.nullish() })
  .nullish();

export const sessionTotalsSchema = z.object({
  total_details: z
    .object({ amount_tax: amountSchema.nullish(), amount_shipping: amountSchema.nullish() })
    .nullish(),
  shipping_cost: shippingCostSchema,
});

export const invoiceTotalsSchema = z.object({
  total_taxes: z.array(z.object({ amount: amountSchema })).nullish(),
  tax: amountSchema.nullish(),
  total_tax_amounts: z.array(z.object({ amount: amountSchema })).nullish(),
  shipping_cost: shippingCostSchema,
  amount_shipping: amountSchema.nullish(),
});

export interface TaxAndShipping {
  tax_cents: number;
  shipping_cents: number;
}

type ShippingCost = z.infer<typeof shippingCostSchema>;

function shippingWithoutTax(cost: ShippingCost, stated: number | null | undefined): number {
  if (cost) return Math.max(0, cost.amount_total - (cost.amount_tax ?? 0));
  return stated ?? 0;
}

export function sessionTaxAndShipping(
  session: z.infer<typeof sessionTotalsSchema>,
): TaxAndShipping {
  return {
    tax_cents: session.total_details?.amount_tax ?? 0,
    shipping_cents: shippingWithoutTax(
      session.shipping_cost,
      session.total_details?.amount_shipping,
    ),
  };
}

const sum = (items: ReadonlyArray<{ amount: number }>) =>
  items.reduce((total, item) => total + item.amount, 0);

export function invoiceTaxAndShipping(
  invoice: z.infer<typeof invoiceTotalsSchema>,
): TaxAndShipping {
  const tax = invoice.total_taxes
    ? sum(invoice.total_taxes)
    : (invoice.tax ?? (invoice.total_tax_amounts ? sum(invoice.total_tax_amounts) : 0));
  return {
    tax_cents: tax,
    shipping_cents: shippingWithoutTax(invoice.shipping_cost, invoice.amount_shipping),
  };
}

import { describe, expect, it } from "vitest";
import {
  invoiceTaxAndShipping,
  invoiceTotalsSchema,
  sessionTaxAndShipping,
  sessionTotalsSchema,
} from "../../../server/stripe/payment-breakdown";

const session = (object: unknown) => sessionTaxAndShipping(sessionTotalsSchema.parse(object));
const invoice = (object: unknown) => invoiceTaxAndShipping(invoiceTotalsSchema.parse(object));

describe("sessionTaxAndShipping", () => {
  it("reads the tax total and the shipping cost without its tax", () => {
    expect(
      session({
        total_details: { amount_tax: 1995, amount_shipping: 595, amount_discount: 0 },
        shipping_cost: { amount_subtotal: 500, amount_tax: 95, amount_total: 595 },
      }),
    ).toEqual({ tax_cents: 1995, shipping_cents: 500 });
  });

  it("falls back to total_details.amount_shipping, and to nothing", () => {
    expect(session({ total_details: { amount_tax: 0, amount_shipping: 700 } })).toEqual({
      tax_cents: 0,
      shipping_cents: 700,
    });
    expect(session({ total_details: null, shipping_cost: null })).toEqual({
      tax_cents: 0,
      shipping_cents: 0,
    });
  });
});

describe("invoiceTaxAndShipping", () => {
  it("sums total_taxes (API versions since 2025-03-31)", () => {
    expect(invoice({ total_taxes: [{ amount: 700 }, { amount: 231 }] })).toEqual({
      tax_cents: 931,
      shipping_cents: 0,
    });
  });

  it("reads tax, else total_tax_amounts (older versions)", () => {
    expect(invoice({ tax: 931, total_tax_amounts: [{ amount: 1 }] }).tax_cents).toBe(931);
    expect(
      invoice({ tax: null, total_tax_amounts: [{ amount: 400 }, { amount: 31 }] }).tax_cents,
    ).toBe(431);
  });

  it("reads shipping from shipping_cost, else amount_shipping", () => {
    expect(
      invoice({ shipping_cost: { amount_total: 595, amount_tax: 95 }, amount_shipping: 595 })
        .shipping_cents,
    ).toBe(500);
    expect(invoice({ amount_shipping: 300 }).shipping_cents).toBe(300);
  });

  it("refuses amounts that break the API's rules", () => {
    expect(invoiceTotalsSchema.safeParse({ tax: -1 }).success).toBe(false);
    expect(sessionTotalsSchema.safeParse({ total_details: { amount_tax: 1.5 } }).success).toBe(
      false,
    );
  });
});

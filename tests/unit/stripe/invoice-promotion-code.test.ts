// Where an invoice names its promotion code, and which discounts it names by bare id only.
import { describe, expect, it } from "vitest";
import {
  invoiceDiscountIdsOf,
  invoicePromotionCodeOf,
} from "../../../server/stripe/invoice-promotion-code";

describe("invoiceDiscountIdsOf", () => {
  it("bare discount ids of `discounts` and `total_discount_amounts`, once each, in order", () => {
    expect(
      invoiceDiscountIdsOf({
        discounts: ["di_b", { id: "di_expanded", promotion_code: "promo_1" }, "di_a"],
        total_discount_amounts: [
          { amount: 1, discount: "di_a" },
          { amount: 2, discount: "di_c" },
        ],
      }),
    ).toEqual(["di_b", "di_a", "di_c"]);
  });

  it("anything but a discount id is not one", () => {
    expect(invoiceDiscountIdsOf({ discounts: ["promo_1", "", 7, null] })).toEqual([]);
    expect(invoiceDiscountIdsOf({ discounts: "di_x" })).toEqual([]);
    expect(invoiceDiscountIdsOf(null)).toEqual([]);
  });

  it("a bare id names no code by itself", () => {
    expect(invoicePromotionCodeOf({ discounts: ["di_b"] })).toBeNull();
  });
});

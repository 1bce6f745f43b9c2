import { describe, expect, it } from "vitest";
import { invoiceClickIdCandidates } from "../../../server/stripe/subscription-metadata";

describe("invoiceClickIdCandidates", () => {
  it("reads the subscription's metadata under parent (since 2025-03-31)", () => {
    expect(
      invoiceClickIdCandidates({
        parent: { subscription_details: { metadata: { aff_click_id: "clk_1" } } },
        customer: "cus_1",
      }),
    ).toEqual({
      subscription: ["clk_1", "subscription.metadata.aff_click_id"],
      customer: [undefined, "customer.metadata.aff_click_id"],
    });
  });

  it("reads subscription_details (before) and an expanded customer's metadata", () => {
    expect(
      invoiceClickIdCandidates({
        subscription_details: { metadata: { aff_click_id: "clk_2" } },
        customer: { id: "cus_1", metadata: { aff_click_id: "clk_3" } },
      }),
    ).toEqual({
      subscription: ["clk_2", "subscription.metadata.aff_click_id"],
      customer: ["clk_3", "customer.metadata.aff_click_id"],
    });
  });

  it("is undefined for what is no invoice", () => {
    expect(invoiceClickIdCandidates("in_1")).toBeUndefined();
  });
});

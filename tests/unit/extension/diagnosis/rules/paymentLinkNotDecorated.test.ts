import { describe, expect, it } from "vitest";
import { paymentLinkNotDecorated } from "../../../../../extension/diagnosis/rules/paymentLinkNotDecorated";
import { CLICK_ID, healthyWith } from "../../timeline";

describe("paymentLinkNotDecorated", () => {
  it("fires for a Payment Link in a shadow root without client_reference_id", () => {
    const o = healthyWith([], {
      snapshot: {
        stripeLinks: [
          { href: "https://buy.stripe.com/abc", clientReferenceId: null, inShadowRoot: true },
        ],
      },
    });
    const finding = paymentLinkNotDecorated(o);
    expect(finding).toMatchObject({
      id: "payment-link-not-decorated",
      severity: "error",
      section: "click_id missing",
    });
    expect(finding && !Array.isArray(finding) && finding.cause).toContain("shadow root");
    expect(finding && !Array.isArray(finding) && finding.fix).toContain("client_reference_id=");
  });

  it("warns when a link carries another click's id", () => {
    const o = healthyWith([], {
      snapshot: {
        stripeLinks: [
          {
            href: "https://buy.stripe.com/abc?client_reference_id=clk_old",
            clientReferenceId: "clk_old",
            inShadowRoot: false,
          },
        ],
      },
    });
    expect(paymentLinkNotDecorated(o)).toMatchObject({ severity: "warning" });
  });

  it("warns when a link carries the merchant's own reference, which the snippet keeps", () => {
    const o = healthyWith([], {
      snapshot: {
        stripeLinks: [
          {
            href: "https://buy.stripe.com/abc?client_reference_id=user_42",
            clientReferenceId: "user_42",
            inShadowRoot: false,
          },
        ],
      },
    });
    const finding = paymentLinkNotDecorated(o);
    expect(finding).toMatchObject({ severity: "warning" });
    expect(finding && !Array.isArray(finding) && finding.cause).toContain("your own");
    expect(finding && !Array.isArray(finding) && finding.fix).toContain("Remove your own");
  });

  it("fires for a pricing table without client-reference-id", () => {
    const o = healthyWith([], {
      snapshot: { stripeElements: [{ tag: "stripe-pricing-table", clientReferenceId: null }] },
    });
    expect(paymentLinkNotDecorated(o)).toMatchObject({ severity: "error" });
  });

  it("stays quiet without a click id (the snippet must not add an empty one)", () => {
    const o = healthyWith([], {
      snapshot: {
        storedClick: { local: null, cookie: null },
        stripeLinks: [
          { href: "https://buy.stripe.com/abc", clientReferenceId: null, inShadowRoot: false },
        ],
      },
    });
    expect(paymentLinkNotDecorated(o)).toBeNull();
  });

  it("stays quiet when every link carries the click id", () => {
    expect(paymentLinkNotDecorated(healthyWith([]))).toBeNull();
    expect(CLICK_ID).toMatch(/^clk_/);
  });
});

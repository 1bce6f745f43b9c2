import { describe, expect, it } from "vitest";
import { decoratedHref, referenceDecision } from "../../../snippet/stripe-links";

const BASE = "https://shop.example/pricing";
const ID = "clk_new";

describe("referenceDecision", () => {
  it.each([
    [null, "set"],
    ["", "set"],
    ["clk_older", "set"],
    [ID, "same"],
    ["user_42", "kept"],
  ] as const)("%s → %s", (existing, decision) => {
    expect(referenceDecision(existing, ID)).toBe(decision);
  });
});

describe("decoratedHref", () => {
  it("appends client_reference_id to a Payment Link", () => {
    expect(decoratedHref("https://buy.stripe.com/test_abc", BASE, ID)).toBe(
      "https://buy.stripe.com/test_abc?client_reference_id=clk_new",
    );
  });

  it("keeps an existing query string and fragment", () => {
    expect(
      decoratedHref("https://buy.stripe.com/abc?prefilled_email=a%40b.com&locale=fr#x", BASE, ID),
    ).toBe(
      "https://buy.stripe.com/abc?prefilled_email=a%40b.com&locale=fr&client_reference_id=clk_new#x",
    );
  });

  it("replaces an older Selgeo click id or an empty reference", () => {
    expect(decoratedHref("https://buy.stripe.com/abc?client_reference_id=clk_old", BASE, ID)).toBe(
      "https://buy.stripe.com/abc?client_reference_id=clk_new",
    );
    expect(decoratedHref("https://buy.stripe.com/abc?client_reference_id=", BASE, ID)).toBe(
      "https://buy.stripe.com/abc?client_reference_id=clk_new",
    );
  });

  it("keeps the merchant's own reference", () => {
    expect(decoratedHref("https://buy.stripe.com/abc?client_reference_id=order_9", BASE, ID)).toBe(
      "kept",
    );
  });

  it("leaves a link that already carries this click id alone (no endless re-decoration)", () => {
    expect(
      decoratedHref("https://buy.stripe.com/abc?client_reference_id=clk_new", BASE, ID),
    ).toBeNull();
  });

  it("resolves protocol-relative links", () => {
    expect(decoratedHref("//buy.stripe.com/abc", BASE, ID)).toBe(
      "https://buy.stripe.com/abc?client_reference_id=clk_new",
    );
  });

  it.each([
    "https://checkout.stripe.com/c/pay/cs_test_1",
    "https://evil.example/?u=buy.stripe.com",
    "https://buy.stripe.com.evil.example/abc",
    "/pricing",
    "http://[::1",
  ])("does not touch %s", (href) => {
    expect(decoratedHref(href, BASE, ID)).toBeNull();
  });
});

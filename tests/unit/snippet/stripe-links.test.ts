import { describe, expect, it } from "vitest";
import { decorateStripe, Reference, referenceDecision } from "../../../snippet/stripe-links";

const BASE = "https://shop.example/pricing";
const ID = "clk_new";

describe("referenceDecision", () => {
  it.each([
    [null, Reference.set],
    ["", Reference.set],
    ["clk_older", Reference.set],
    [ID, Reference.same],
    ["user_42", Reference.kept],
  ] as const)("%s → %s", (existing, decision) => {
    expect(referenceDecision(existing, ID)).toBe(decision);
  });
});

/** A page of elements with attributes, as decorateStripe sees it through querySelectorAll. */
function page(elements: { tag: string; attributes: Record<string, string> }[]) {
  const nodes = elements.map(({ tag, attributes }) => ({
    tagName: tag.toUpperCase(),
    attributes,
    getAttribute: (name: string) => attributes[name] ?? null,
    setAttribute: (name: string, value: string) => {
      attributes[name] = value;
    },
  }));
  const doc = { baseURI: BASE, querySelectorAll: () => nodes } as unknown as Document;
  return { doc, attributes: elements.map((element) => element.attributes) };
}

const link = (href: string) => ({ tag: "a", attributes: { href } });
const element = (tag: string, reference?: string) => {
  const attributes: Record<string, string> = {};
  if (reference !== undefined) attributes["client-reference-id"] = reference;
  return { tag, attributes };
};

describe("decorateStripe", () => {
  it("appends client_reference_id to a Payment Link, keeping its query string and fragment", () => {
    const { doc, attributes } = page([
      link("https://buy.stripe.com/test_abc"),
      link("https://buy.stripe.com/abc?prefilled_email=a%40b.com&locale=fr#x"),
    ]);
    expect(decorateStripe(doc, ID)).toEqual([2, 0]);
    expect(attributes.map((a) => a.href)).toEqual([
      "https://buy.stripe.com/test_abc?client_reference_id=clk_new",
      "https://buy.stripe.com/abc?prefilled_email=a%40b.com&locale=fr&client_reference_id=clk_new#x",
    ]);
  });

  it("resolves protocol-relative links against the page", () => {
    const { doc, attributes } = page([link("//buy.stripe.com/abc")]);
    expect(decorateStripe(doc, ID)).toEqual([1, 0]);
    expect(attributes[0]?.href).toBe("https://buy.stripe.com/abc?client_reference_id=clk_new");
  });

  it("replaces an older Selgeo click id or an empty reference; keeps the merchant's own", () => {
    const { doc, attributes } = page([
      link("https://buy.stripe.com/abc?client_reference_id=clk_old"),
      link("https://buy.stripe.com/abc?client_reference_id="),
      link("https://buy.stripe.com/abc?client_reference_id=order_9"),
      element("stripe-buy-button", "user_42"),
    ]);
    expect(decorateStripe(doc, ID)).toEqual([2, 2]);
    expect(attributes.map((a) => a.href ?? a["client-reference-id"])).toEqual([
      "https://buy.stripe.com/abc?client_reference_id=clk_new",
      "https://buy.stripe.com/abc?client_reference_id=clk_new",
      "https://buy.stripe.com/abc?client_reference_id=order_9",
      "user_42",
    ]);
  });

  it("sets client-reference-id on Stripe's elements, empty or an older click", () => {
    const { doc, attributes } = page([
      element("stripe-pricing-table"),
      element("stripe-buy-button", "clk_old"),
    ]);
    expect(decorateStripe(doc, ID)).toEqual([2, 0]);
    expect(attributes.map((a) => a["client-reference-id"])).toEqual([ID, ID]);
  });

  it("leaves what already carries this click id, and what is no Payment Link, alone", () => {
    const unchanged = [
      link(`https://buy.stripe.com/abc?client_reference_id=${ID}`),
      link("https://checkout.stripe.com/c/pay/cs_test_1"),
      link("https://evil.example/?u=buy.stripe.com"),
      link("https://buy.stripe.com.evil.example/abc"),
      link("/pricing"),
      link("http://[::1"),
      element("stripe-pricing-table", ID),
    ];
    const { doc, attributes } = page(unchanged);
    const before = JSON.stringify(attributes);
    expect(decorateStripe(doc, ID)).toEqual([0, 0]);
    expect(JSON.stringify(attributes)).toBe(before);
  });
});

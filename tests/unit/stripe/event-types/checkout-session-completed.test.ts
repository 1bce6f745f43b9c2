import { describe, expect, it } from "vitest";
import {
  clickIdOf,
  parseCheckoutSession,
} from "../../../../server/stripe/event-types/checkout-session-completed";
import { event } from "./event";

const session = (fields: Record<string, unknown> = {}) =>
  event("checkout.session.completed", {
    id: "cs_test_a1",
    object: "checkout.session",
    mode: "payment",
    payment_status: "paid",
    amount_total: 4900,
    currency: "eur",
    metadata: {},
    client_reference_id: null,
    customer: null,
    payment_intent: "pi_1",
    payment_link: null,
    subscription: null,
    invoice: null,
    ...fields,
  });

describe("clickIdOf", () => {
  it("prefers metadata.aff_click_id, then client_reference_id", () => {
    expect(
      clickIdOf({ metadata: { aff_click_id: "clk_a" }, client_reference_id: "clk_b" }),
    ).toEqual({ clickId: "clk_a", clickIdSource: "metadata.aff_click_id" });
    expect(clickIdOf({ metadata: {}, client_reference_id: "clk_b" })).toEqual({
      clickId: "clk_b",
      clickIdSource: "client_reference_id",
    });
  });

  it("skips blank values, trims, and tolerates missing or odd fields", () => {
    expect(
      clickIdOf({ metadata: { aff_click_id: "  " }, client_reference_id: " clk_b " })?.clickId,
    ).toBe("clk_b");
    expect(clickIdOf({ metadata: null, client_reference_id: null })).toEqual({
      clickId: null,
      clickIdSource: null,
    });
    expect(clickIdOf({ metadata: { aff_click_id: 42 } })).toEqual({
      clickId: null,
      clickIdSource: null,
    });
  });

  it("keeps at most Stripe's 200 characters", () => {
    expect(clickIdOf({ client_reference_id: "x".repeat(500) })?.clickId).toHaveLength(200);
  });

  it("refuses a click id with control characters, as the API does", () => {
    expect(clickIdOf({ client_reference_id: "clk_a\u0000b" })).toBeUndefined();
  });
});

describe("clickIdOf: the subscription's and the customer's metadata", () => {
  it("reads an expanded subscription's, then an expanded customer's metadata", () => {
    expect(
      clickIdOf({
        subscription: { id: "sub_1", metadata: { aff_click_id: "clk_sub" } },
        customer: { id: "cus_1", metadata: { aff_click_id: "clk_cus" } },
      }),
    ).toEqual({ clickId: "clk_sub", clickIdSource: "subscription.metadata.aff_click_id" });
    expect(
      clickIdOf({ subscription: "sub_1", customer: { metadata: { aff_click_id: "clk_cus" } } }),
    ).toEqual({ clickId: "clk_cus", clickIdSource: "customer.metadata.aff_click_id" });
  });

  it("puts the session's own fields first", () => {
    expect(
      clickIdOf({
        client_reference_id: "clk_ref",
        subscription: { id: "sub_1", metadata: { aff_click_id: "clk_sub" } },
      }),
    ).toMatchObject({ clickId: "clk_ref" });
  });
});

describe("parseCheckoutSession", () => {
  it("turns a paid payment session into a purchase", () => {
    expect(
      parseCheckoutSession(
        session({ metadata: { aff_click_id: "clk_1" }, customer: { id: "cus_1" } }),
      ),
    ).toEqual({
      kind: "checkout",
      sessionId: "cs_test_a1",
      sessionMode: "payment",
      clickId: "clk_1",
      clickIdSource: "metadata.aff_click_id",
      awaitsSubscriptionMetadata: false,
      customerClickId: [undefined, "customer.metadata.aff_click_id"],
      amountCents: 4900,
      currency: "EUR",
      taxAndShipping: { tax_cents: 0, shipping_cents: 0 },
      customerId: "cus_1",
      promotionCodeId: null,
      customerEmail: null,
      paymentLinkId: null,
      paymentIntentId: "pi_1",
      subscriptionId: null,
      invoiceId: null,
      occurredAt: "2026-01-15T12:00:00.000Z",
    });
  });

  it("reads a subscription session's subscription and first invoice, expanded or not", () => {
    expect(
      parseCheckoutSession(
        session({
          mode: "subscription",
          payment_intent: null,
          subscription: { id: "sub_1" },
          invoice: "in_1",
        }),
      ),
    ).toMatchObject({ kind: "checkout", subscriptionId: "sub_1", invoiceId: "in_1" });
  });

  it("waits for the subscription's metadata only when nothing else names the click", () => {
    const subscription = { mode: "subscription", payment_intent: null, subscription: "sub_1" };
    expect(parseCheckoutSession(session(subscription))).toMatchObject({
      awaitsSubscriptionMetadata: true,
      clickId: null,
    });
    // An expanded customer's click id waits behind the subscription's metadata.
    expect(
      parseCheckoutSession(
        session({ ...subscription, customer: { id: "cus_1", metadata: { aff_click_id: "c" } } }),
      ),
    ).toMatchObject({
      awaitsSubscriptionMetadata: true,
      clickId: null,
      customerClickId: ["c", "customer.metadata.aff_click_id"],
    });
    for (const known of [
      { client_reference_id: "clk_1" },
      { subscription: { id: "sub_1", metadata: {} } },
      { mode: "payment", subscription: null },
    ]) {
      expect(parseCheckoutSession(session({ ...subscription, ...known }))).toMatchObject({
        awaitsSubscriptionMetadata: false,
      });
    }
  });

  it("reads the tax and the shipping without its tax", () => {
    expect(
      parseCheckoutSession(
        session({
          amount_total: 12_495,
          total_details: { amount_tax: 1995, amount_shipping: 595 },
          shipping_cost: { amount_subtotal: 500, amount_tax: 95, amount_total: 595 },
        }),
      ),
    ).toMatchObject({ taxAndShipping: { tax_cents: 1995, shipping_cents: 500 } });
  });

  it("records a free (no_payment_required) session, e.g. a trial", () => {
    expect(
      parseCheckoutSession(
        session({ mode: "subscription", payment_status: "no_payment_required", amount_total: 0 }),
      ),
    ).toMatchObject({ kind: "checkout", amountCents: 0 });
  });

  it.each([
    ["a setup session", { mode: "setup", amount_total: null }, "SETUP_MODE_SESSION"],
    ["an unpaid (delayed) payment", { payment_status: "unpaid" }, "PAYMENT_NOT_COMPLETED"],
    ["no amount", { amount_total: null }, "MALFORMED_OBJECT"],
    ["a negative amount", { amount_total: -1 }, "MALFORMED_OBJECT"],
    ["no id", { id: null }, "MALFORMED_OBJECT"],
  ])("ignores %s", (_name, fields, reason) => {
    expect(parseCheckoutSession(session(fields))).toMatchObject({ kind: "ignored", reason });
  });

  // The API's own input rules (contract/schemas/common.ts) hold for Stripe's payloads too.
  it.each([
    ["an amount over the API's cap", { amount_total: 9_007_199_254_740_991 }, "amount_total"],
    ["a fractional amount", { amount_total: 49.5 }, "amount_total"],
    ["a currency that is no ISO 4217 code", { currency: "NOT-A-CURRENCY" }, "currency"],
    ["a session id with a control character", { id: "cs_test_\u0007" }, "id"],
    ["a session id of 201 characters", { id: `cs_${"a".repeat(198)}` }, "id"],
    ["a customer id with a bidi override", { customer: "cus_\u202eevil" }, "customer"],
    [
      "an expanded payment intent without a sane id",
      { payment_intent: { id: " pi_1" } },
      "payment_intent",
    ],
    ["an unknown session mode", { mode: "donation" }, "mode"],
  ])("refuses %s, naming the field", (_name, fields, field) => {
    const parsed = parseCheckoutSession(session(fields));
    expect(parsed).toMatchObject({ kind: "ignored", reason: "MALFORMED_OBJECT" });
    expect(parsed.kind === "ignored" && parsed.detail).toContain(field);
  });

  it("refuses a click id with control characters", () => {
    expect(parseCheckoutSession(session({ client_reference_id: "clk_\u001b[31m" }))).toMatchObject({
      kind: "ignored",
      reason: "MALFORMED_OBJECT",
    });
  });
});

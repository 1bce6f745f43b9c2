import { describe, expect, it } from "vitest";
import {
  clickIdOf,
  invoicePaymentIdsOf,
  parseStripeEvent,
  subscriptionIdOf,
  subscriptionPeriodStartOf,
} from "../../../server/stripe/parse";
import type { VerifiedEvent } from "../../../server/stripe/verify";

const CREATED = Date.parse("2026-01-15T12:00:00.000Z") / 1000;

function event(type: string, object: Record<string, unknown>): VerifiedEvent {
  return {
    id: "evt_1",
    type,
    livemode: false,
    created: CREATED,
    object,
  };
}

const session = (fields: Record<string, unknown> = {}) => ({
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
    ).toEqual({
      clickId: "clk_a",
      clickIdSource: "metadata.aff_click_id",
    });
    expect(clickIdOf({ metadata: {}, client_reference_id: "clk_b" })).toEqual({
      clickId: "clk_b",
      clickIdSource: "client_reference_id",
    });
  });

  it("skips blank values, trims, and tolerates missing or odd fields", () => {
    expect(
      clickIdOf({ metadata: { aff_click_id: "  " }, client_reference_id: " clk_b " }).clickId,
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
    expect(clickIdOf({ client_reference_id: "x".repeat(500) }).clickId).toHaveLength(200);
  });
});

describe("checkout.session.completed", () => {
  it("turns a paid payment session into a purchase", () => {
    const action = parseStripeEvent(
      event(
        "checkout.session.completed",
        session({ metadata: { aff_click_id: "clk_1" }, customer: { id: "cus_1" } }),
      ),
    );
    expect(action).toEqual({
      kind: "checkout",
      purchase: {
        sessionId: "cs_test_a1",
        sessionMode: "payment",
        clickId: "clk_1",
        clickIdSource: "metadata.aff_click_id",
        amountCents: 4900,
        currency: "EUR",
        customerId: "cus_1",
        paymentLinkId: null,
        paymentIntentId: "pi_1",
        subscriptionId: null,
        invoiceId: null,
        occurredAt: "2026-01-15T12:00:00.000Z",
      },
    });
  });

  it("reads a subscription session's subscription and first invoice, expanded or not", () => {
    const action = parseStripeEvent(
      event(
        "checkout.session.completed",
        session({
          mode: "subscription",
          payment_intent: null,
          subscription: { id: "sub_1" },
          invoice: "in_1",
        }),
      ),
    );
    expect(action).toMatchObject({
      kind: "checkout",
      purchase: { subscriptionId: "sub_1", invoiceId: "in_1" },
    });
  });

  it.each([
    ["a setup session", { mode: "setup", amount_total: null }, "SETUP_MODE_SESSION"],
    ["an unpaid (delayed) payment", { payment_status: "unpaid" }, "PAYMENT_NOT_COMPLETED"],
    ["no amount", { amount_total: null }, "MALFORMED_OBJECT"],
    ["a negative amount", { amount_total: -1 }, "MALFORMED_OBJECT"],
    ["no id", { id: null }, "MALFORMED_OBJECT"],
  ])("ignores %s", (_name, fields, reason) => {
    expect(parseStripeEvent(event("checkout.session.completed", session(fields)))).toMatchObject({
      kind: "ignored",
      reason,
    });
  });

  it("records a free (no_payment_required) session, e.g. a trial", () => {
    const action = parseStripeEvent(
      event(
        "checkout.session.completed",
        session({ mode: "subscription", payment_status: "no_payment_required", amount_total: 0 }),
      ),
    );
    expect(action).toMatchObject({ kind: "checkout", purchase: { amountCents: 0 } });
  });
});

describe("invoices, in both API shapes", () => {
  const legacy = {
    id: "in_1",
    subscription: "sub_1",
    payment_intent: "pi_1",
    charge: "ch_1",
    billing_reason: "subscription_cycle",
    amount_paid: 4900,
    currency: "eur",
    status_transitions: { paid_at: CREATED + 60 },
    lines: {
      data: [
        { type: "invoiceitem", period: { start: 1 } },
        { type: "subscription", proration: true, period: { start: 2 } },
        { type: "subscription", proration: false, period: { start: CREATED - 3600 } },
      ],
    },
  };
  const current = {
    id: "in_2",
    parent: {
      type: "subscription_details",
      subscription_details: { subscription: "sub_2", metadata: {} },
    },
    billing_reason: "subscription_create",
    amount_paid: 4900,
    currency: "usd",
    status_transitions: { paid_at: null },
    payments: {
      data: [
        { status: "canceled", payment: { type: "payment_intent", payment_intent: "pi_failed" } },
        { status: "paid", payment: { type: "payment_intent", payment_intent: "pi_2" } },
        { status: "paid", payment: { type: "charge", charge: "ch_2" } },
      ],
    },
    lines: {
      data: [
        {
          parent: {
            type: "subscription_item_details",
            subscription_item_details: { proration: false },
          },
          period: { start: CREATED - 7200 },
        },
      ],
    },
  };

  it("finds the subscription in invoice.subscription or parent.subscription_details", () => {
    expect(subscriptionIdOf(legacy)).toBe("sub_1");
    expect(subscriptionIdOf(current)).toBe("sub_2");
    expect(subscriptionIdOf({ parent: null })).toBeNull();
  });

  it("finds the payments in payment_intent/charge or in payments (paid ones only)", () => {
    expect(invoicePaymentIdsOf(legacy)).toEqual(["pi_1", "ch_1"]);
    expect(invoicePaymentIdsOf(current)).toEqual(["pi_2", "ch_2"]);
    expect(invoicePaymentIdsOf({})).toEqual([]);
  });

  it("takes the billed period from the subscription line, prorations left out", () => {
    expect(subscriptionPeriodStartOf(legacy)).toBe(CREATED - 3600);
    expect(subscriptionPeriodStartOf(current)).toBe(CREATED - 7200);
    expect(subscriptionPeriodStartOf({ lines: { data: [] } })).toBeNull();
  });

  it("reads a renewal (legacy) and a first invoice (current)", () => {
    expect(parseStripeEvent(event("invoice.paid", legacy))).toEqual({
      kind: "invoice_paid",
      invoice: {
        invoiceId: "in_1",
        subscriptionId: "sub_1",
        firstPayment: false,
        billingReason: "subscription_cycle",
        amountCents: 4900,
        currency: "EUR",
        customerId: null,
        paymentIds: ["pi_1", "ch_1"],
        paidAt: new Date((CREATED + 60) * 1000).toISOString(),
        periodStart: new Date((CREATED - 3600) * 1000).toISOString(),
      },
    });
    expect(parseStripeEvent(event("invoice.paid", current))).toMatchObject({
      kind: "invoice_paid",
      invoice: { firstPayment: true, currency: "USD", paidAt: "2026-01-15T12:00:00.000Z" },
    });
  });

  it("ignores a one-off invoice", () => {
    expect(
      parseStripeEvent(
        event("invoice.paid", { ...current, parent: null, billing_reason: "manual" }),
      ),
    ).toMatchObject({ kind: "ignored", reason: "NOT_A_SUBSCRIPTION_INVOICE" });
  });

  it("reads invoice_payment.paid", () => {
    expect(
      parseStripeEvent(
        event("invoice_payment.paid", {
          invoice: "in_3",
          payment: { type: "payment_intent", payment_intent: "pi_3" },
        }),
      ),
    ).toEqual({ kind: "invoice_payment", payment: { invoiceId: "in_3", paymentIds: ["pi_3"] } });
    expect(
      parseStripeEvent(event("invoice_payment.paid", { invoice: "in_3", payment: {} })),
    ).toMatchObject({
      kind: "ignored",
    });
  });
});

describe("charge.refunded", () => {
  it("reads the cumulative refunded amount and what the charge paid", () => {
    expect(
      parseStripeEvent(
        event("charge.refunded", {
          id: "ch_1",
          amount: 4900,
          amount_refunded: 1000,
          currency: "eur",
          payment_intent: { id: "pi_1" },
          invoice: "in_1",
        }),
      ),
    ).toEqual({
      kind: "charge_refunded",
      refund: {
        chargeId: "ch_1",
        paymentIntentId: "pi_1",
        invoiceId: "in_1",
        amountRefundedCents: 1000,
        amountCents: 4900,
        currency: "EUR",
      },
    });
  });

  it("ignores a charge without amounts", () => {
    expect(parseStripeEvent(event("charge.refunded", { id: "ch_1" }))).toMatchObject({
      kind: "ignored",
      reason: "MALFORMED_OBJECT",
    });
  });
});

it("ignores event types Selgeo does not use", () => {
  expect(parseStripeEvent(event("customer.created", { id: "cus_1" }))).toMatchObject({
    kind: "ignored",
    reason: "EVENT_TYPE_NOT_HANDLED",
  });
});

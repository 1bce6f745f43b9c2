import { describe, expect, it } from "vitest";
import { parseInvoicePaid } from "../../../../server/stripe/event-types/invoice-paid";
import { CREATED, event } from "./event";

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

const paid = (object: Record<string, unknown>) => parseInvoicePaid(event("invoice.paid", object));

describe("parseInvoicePaid, in both API shapes", () => {
  it("reads a renewal (legacy): subscription, payments and billed period on the invoice", () => {
    expect(paid(legacy)).toEqual({
      kind: "invoice_paid",
      invoiceId: "in_1",
      subscriptionId: "sub_1",
      promotionCodeId: null,
      discountIds: [],
      firstPayment: false,
      billingReason: "subscription_cycle",
      amountCents: 4900,
      currency: "EUR",
      taxAndShipping: { tax_cents: 0, shipping_cents: 0 },
      customerId: null,
      paymentIds: ["pi_1", "ch_1"],
      paidAt: new Date((CREATED + 60) * 1000).toISOString(),
      // The subscription line's period, prorations and other items left out.
      periodStart: new Date((CREATED - 3600) * 1000).toISOString(),
    });
  });

  it("reads a first invoice (current): parent.subscription_details, paid payments only", () => {
    expect(paid(current)).toEqual({
      kind: "invoice_paid",
      invoiceId: "in_2",
      subscriptionId: "sub_2",
      promotionCodeId: null,
      discountIds: [],
      firstPayment: true,
      billingReason: "subscription_create",
      amountCents: 4900,
      currency: "USD",
      taxAndShipping: { tax_cents: 0, shipping_cents: 0 },
      customerId: null,
      paymentIds: ["pi_2", "ch_2"],
      paidAt: "2026-01-15T12:00:00.000Z",
      periodStart: new Date((CREATED - 7200) * 1000).toISOString(),
    });
  });

  it("has no period when no subscription line says one", () => {
    expect(paid({ ...legacy, lines: { data: [] } })).toMatchObject({ periodStart: null });
  });

  it("ignores a one-off invoice", () => {
    expect(paid({ ...current, parent: null, billing_reason: "manual" })).toMatchObject({
      kind: "ignored",
      reason: "NOT_A_SUBSCRIPTION_INVOICE",
    });
  });

  it.each([
    ["no amount", { amount_paid: undefined }, "amount_paid"],
    ["an amount over the API's cap", { amount_paid: 10_000_000_001 }, "amount_paid"],
    ["a currency that is no ISO 4217 code", { currency: "zzz" }, "currency"],
    ["an invoice id with a newline", { id: "in_1\n" }, "id"],
    [
      "a billing reason with a control character",
      { billing_reason: "cycle\u0000" },
      "billing_reason",
    ],
    ["a paid_at past the year 9999", { status_transitions: { paid_at: 1e15 } }, "paid_at"],
  ])("refuses %s, naming the field", (_name, fields, field) => {
    const parsed = paid({ ...legacy, ...fields });
    expect(parsed).toMatchObject({ kind: "ignored", reason: "MALFORMED_OBJECT" });
    expect(parsed.kind === "ignored" && parsed.detail).toContain(field);
  });
});

import { describe, expect, it } from "vitest";
import { parseInvoicePayment } from "../../../../server/stripe/event-types/invoice-payment-paid";
import { event } from "./event";

const payment = (object: Record<string, unknown>) =>
  parseInvoicePayment(event("invoice_payment.paid", object));

describe("parseInvoicePayment", () => {
  it("reads the invoice and the payment that paid it", () => {
    expect(
      payment({ invoice: "in_3", payment: { type: "payment_intent", payment_intent: "pi_3" } }),
    ).toEqual({ kind: "invoice_payment", invoiceId: "in_3", paymentIds: ["pi_3"] });
    expect(
      payment({ invoice: { id: "in_4" }, payment: { type: "charge", charge: "ch_4" } }),
    ).toEqual({ kind: "invoice_payment", invoiceId: "in_4", paymentIds: ["ch_4"] });
  });

  it("ignores a payment that names no payment or no invoice", () => {
    expect(payment({ invoice: "in_3", payment: {} })).toMatchObject({
      kind: "ignored",
      reason: "MALFORMED_OBJECT",
    });
    expect(payment({ payment: { payment_intent: "pi_3" } })).toMatchObject({
      kind: "ignored",
      reason: "MALFORMED_OBJECT",
    });
  });

  it("refuses ids the API would refuse", () => {
    expect(payment({ invoice: "in_\u0000", payment: { payment_intent: "pi_3" } })).toMatchObject({
      kind: "ignored",
      reason: "MALFORMED_OBJECT",
    });
    expect(
      payment({ invoice: "in_3", payment: { payment_intent: "x".repeat(201) } }),
    ).toMatchObject({ kind: "ignored", reason: "MALFORMED_OBJECT" });
  });
});

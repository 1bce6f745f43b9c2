import { describe, expect, it } from "vitest";
import { parseChargeRefunded } from "../../../../server/stripe/event-types/charge-refunded";
import { event } from "./event";

const charge = (object: Record<string, unknown>) =>
  parseChargeRefunded(event("charge.refunded", object));

const paidCharge = {
  id: "ch_1",
  amount: 4900,
  amount_refunded: 1000,
  currency: "eur",
  payment_intent: { id: "pi_1" },
  invoice: "in_1",
};

describe("parseChargeRefunded", () => {
  it("reads the cumulative refunded amount and what the charge paid", () => {
    expect(charge(paidCharge)).toEqual({
      kind: "charge_refunded",
      chargeId: "ch_1",
      paymentIntentId: "pi_1",
      invoiceId: "in_1",
      amountRefundedCents: 1000,
      amountCents: 4900,
      currency: "EUR",
    });
  });

  it("ignores a charge without amounts", () => {
    expect(charge({ id: "ch_1" })).toMatchObject({ kind: "ignored", reason: "MALFORMED_OBJECT" });
  });

  it.each([
    ["a refunded amount over the API's cap", { amount_refunded: 9_007_199_254_740_991 }],
    ["a negative amount", { amount: -5 }],
    ["a currency that is no ISO 4217 code", { currency: "NOT-A-CURRENCY" }],
    ["a charge id with a control character", { id: "ch_\u0008" }],
  ])("refuses %s", (_name, fields) => {
    expect(charge({ ...paidCharge, ...fields })).toMatchObject({
      kind: "ignored",
      reason: "MALFORMED_OBJECT",
    });
  });
});

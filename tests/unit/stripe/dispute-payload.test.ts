import { describe, expect, it } from "vitest";
import { parseDispute } from "../../../server/stripe/dispute-payload";
import { event } from "./event-types/event";

const dispute = (fields: Record<string, unknown> = {}) =>
  parseDispute(
    event("charge.dispute.created", {
      id: "dp_1",
      object: "dispute",
      amount: 1000,
      charge: "ch_1",
      currency: "usd",
      payment_intent: null,
      reason: "general",
      status: "warning_needs_response",
      ...fields,
    }),
  );

describe("parseDispute", () => {
  it("reads Stripe's dispute: its charge (expanded or not), amount, currency, status", () => {
    expect(dispute()).toEqual({
      kind: "dispute",
      disputeId: "dp_1",
      chargeId: "ch_1",
      paymentIntentId: null,
      amountCents: 1000,
      currency: "USD",
      reason: "general",
      status: "warning_needs_response",
    });
    expect(dispute({ charge: { id: "ch_2" }, payment_intent: "pi_2" })).toMatchObject({
      chargeId: "ch_2",
      paymentIntentId: "pi_2",
    });
  });

  it.each([
    ["no charge", { charge: null }, "charge"],
    ["a fractional amount", { amount: 10.5 }, "amount"],
    ["an unknown currency", { currency: "zzz" }, "currency"],
    ["a status with a control character", { status: "lost\u0000" }, "status"],
  ])("refuses %s, naming the field", (_name, fields, field) => {
    const parsed = dispute(fields);
    expect(parsed).toMatchObject({ kind: "ignored", reason: "MALFORMED_OBJECT" });
    expect(parsed.kind === "ignored" && parsed.detail).toContain(field);
  });
});

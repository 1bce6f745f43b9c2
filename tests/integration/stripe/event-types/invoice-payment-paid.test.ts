import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../../server/lib/clock";
import { createHarness, type Harness } from "../../../support/harness";
import {
  charge,
  connectStripe,
  deliver,
  invoice,
  invoicePayment,
  stripeEvent,
} from "../../../support/stripe-events";
import { subscribe } from "../../../support/stripe-subscriptions";
import { commissionOf } from "../../../support/stripe-tables";

describe("invoice_payment.paid: payments linked to their invoice", () => {
  let h: Harness;
  beforeAll(async () => {
    // recurring_months = 2: the first payment and the renewals of the next two months.
    h = await createHarness({ program: { name: "SaaS", recurring_months: 2 } });
    await connectStripe(h);
  });
  afterAll(async () => h.close());

  it("finds a renewal's payment through invoice_payment.paid on current API versions, in either order", async () => {
    const { subscription, firstConversion } = await subscribe(h, "198.51.100.22");
    h.clock.advance(30 * DAY_MS);
    const renewal = invoice(h, { subscription, billingReason: "subscription_cycle" });
    const paymentIntent = `pi_${"R".repeat(24)}`;

    // The payment's event first, then the invoice's.
    const linked = await deliver(
      h,
      stripeEvent(
        h,
        "invoice_payment.paid",
        invoicePayment(h, { invoice: renewal.id, paymentIntent }),
      ),
    );
    expect(linked.body.outcome).toBe("linked");
    const paid = await deliver(h, stripeEvent(h, "invoice.paid", renewal));
    const renewalConversion = paid.body.conversion_id;

    const res = await deliver(
      h,
      stripeEvent(h, "charge.refunded", charge(h, { paymentIntent, amountRefunded: 1225 })),
    );

    expect(res.body).toMatchObject({ outcome: "refunded", conversion_id: renewalConversion });
    expect(await commissionOf(h, renewalConversion)).toMatchObject({
      status: "partially_reversed",
      reversed_amount_cents: 245,
    });
    expect(await commissionOf(h, firstConversion)).toMatchObject({ reversed_amount_cents: 0 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../../server/lib/clock";
import { createHarness, type Harness } from "../../../support/harness";
import {
  charge,
  chargeRefunded,
  checkoutSession,
  connectStripe,
  deliver,
  invoice,
  stripeEvent,
} from "../../../support/stripe-events";
import { subscribe } from "../../../support/stripe-subscriptions";
import { auditOfEvent, commissionOf, conversionsOf } from "../../../support/stripe-tables";

describe("charge.refunded: refunds of subscriptions' payments", () => {
  let h: Harness;
  beforeAll(async () => {
    // recurring_months = 2: the first payment and the renewals of the next two months.
    h = await createHarness({ program: { name: "SaaS", recurring_months: 2 } });
    await connectStripe(h);
  });
  afterAll(async () => h.close());

  it("reverses the commission of a refunded renewal (legacy payload: invoice.charge)", async () => {
    const { subscription } = await subscribe(h, "198.51.100.21");
    h.clock.advance(30 * DAY_MS);
    const paymentIntent = `pi_${"L".repeat(24)}`;
    const chargeId = `ch_${"L".repeat(24)}`;
    const renewal = invoice(h, {
      subscription,
      billingReason: "subscription_cycle",
      shape: "legacy",
      paymentIntent,
      charge: chargeId,
    });
    const paid = await deliver(h, stripeEvent(h, "invoice.paid", renewal, { shape: "legacy" }));
    expect(paid.body.reason).toBe("ATTRIBUTED");
    const renewalConversion = paid.body.conversion_id;

    const refunded = charge(h, {
      id: chargeId,
      paymentIntent,
      amountRefunded: 4900,
      invoice: renewal.id,
    });
    const event = stripeEvent(h, "charge.refunded", refunded, {
      shape: "legacy",
      previous: { amount_refunded: 0, refunded: false },
    });
    const res = await deliver(h, event);

    expect(res.body).toMatchObject({
      outcome: "refunded",
      reason: "REFUND_APPLIED",
      conversion_id: renewalConversion,
    });
    expect(await commissionOf(h, renewalConversion)).toMatchObject({
      status: "reversed",
      reversed_amount_cents: 980,
    });
    const audit = await auditOfEvent(h, event.id);
    expect(audit[0]).toMatchObject({ action: "refund", conversion_id: renewalConversion });
  });

  it("applies partial refunds of one charge once each, whatever the order and redeliveries", async () => {
    const click = await h.click("demo", { ip: "198.51.100.23" });
    const session = checkoutSession(h, { clickId: click.body.click_id, amount: 10_000 });
    const recorded = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    const conversionId = recorded.body.conversion_id;
    const chargeId = `ch_${"P".repeat(24)}`;
    const refundTo = (amountRefunded: number) =>
      chargeRefunded(h, {
        chargeId,
        paymentIntent: session.payment_intent!,
        amount: 10_000,
        amountRefunded,
      });
    const firstRefund = refundTo(2_000);
    const secondRefund = refundTo(5_000);

    // The second refund's event arrives first, then the first one's, then a redelivery.
    expect((await deliver(h, secondRefund)).body.reason).toBe("REFUND_APPLIED");
    expect((await deliver(h, firstRefund)).body.reason).toBe("REFUND_ALREADY_APPLIED");
    expect((await deliver(h, secondRefund)).body.duplicate).toBe(true);
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion!.refunded_amount_cents).toBe(5_000);
    expect(await commissionOf(h, conversionId)).toMatchObject({
      amount_cents: 2_000,
      reversed_amount_cents: 1_000,
      status: "partially_reversed",
    });

    // The rest, refunded later: only the difference is new.
    expect((await deliver(h, refundTo(10_000))).body.reason).toBe("REFUND_APPLIED");
    expect(await commissionOf(h, conversionId)).toMatchObject({
      reversed_amount_cents: 2_000,
      status: "reversed",
    });
    const refunds = await h.services.store.db
      .selectFrom("refunds")
      .select("amount_cents")
      .where("conversion_id", "=", conversionId)
      .execute();
    expect(refunds.map((r) => r.amount_cents).sort((a, b) => a - b)).toEqual([5_000, 5_000]);
  });
});

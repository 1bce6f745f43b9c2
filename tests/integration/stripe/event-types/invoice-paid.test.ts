import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../../../server/lib/clock";
import { createHarness, type Harness } from "../../../support/harness";
import {
  checkoutSession,
  connectStripe,
  deliver,
  invoice,
  stripeEvent,
} from "../../../support/stripe-events";
import { commissionsOfSubscription, subscribe } from "../../../support/stripe-subscriptions";
import { conversionsOf } from "../../../support/stripe-tables";

describe("invoice.paid: renewals of subscriptions started through Checkout", () => {
  let h: Harness;
  beforeAll(async () => {
    // recurring_months = 2: two payments, the first (at checkout) and the next month's renewal.
    h = await createHarness({ program: { name: "SaaS", recurring_months: 2 } });
    await connectStripe(h);
  });
  afterAll(async () => h.close());

  it("pays on the first payment and one renewal (two commissions), then no more", async () => {
    const { session, subscription, firstConversion } = await subscribe(h, "198.51.100.20");

    const first = await deliver(
      h,
      stripeEvent(
        h,
        "invoice.paid",
        invoice(h, { subscription, billingReason: "subscription_create", id: session.invoice! }),
      ),
    );
    expect(first.body).toMatchObject({
      outcome: "already_counted",
      reason: "FIRST_INVOICE_COUNTED_AT_CHECKOUT",
      conversion_id: firstConversion,
    });

    // Stripe renews on the subscription's monthly anchor (created just before the session
    // completed) and charges about an hour later, when the invoice is finalized.
    const anchor = new Date(h.clock.now().getTime() - 5_000);
    const renewals = [];
    for (const month of [1, 2, 3]) {
      const periodStart = new Date(anchor);
      periodStart.setUTCMonth(anchor.getUTCMonth() + month);
      h.clock.set(new Date(periodStart.getTime() + HOUR_MS));
      const renewal = invoice(h, {
        subscription,
        billingReason: "subscription_cycle",
        periodStart: Math.floor(periodStart.getTime() / 1000),
      });
      const res = await deliver(h, stripeEvent(h, "invoice.paid", renewal));
      expect(res.status).toBe(200);
      renewals.push({ month, res, invoiceId: renewal.id });
    }
    expect(renewals.map((r) => r.res.body.reason)).toEqual([
      "ATTRIBUTED",
      "ATTRIBUTION_WINDOW_EXPIRED",
      "ATTRIBUTION_WINDOW_EXPIRED",
    ]);

    const commissions = await commissionsOfSubscription(h, subscription, firstConversion);
    expect(commissions).toHaveLength(2);
    expect(commissions.every((c) => c.amount_cents === 980)).toBe(true);
    const [, second] = await Promise.all(renewals.map((r) => conversionsOf(h, r.invoiceId)));
    expect(second![0]).toMatchObject({
      status: "unattributed",
      event_type: "subscription_renewal",
    });
  });

  it("keeps renewals of subscriptions it has not seen start; ignores one-off invoices", async () => {
    const unknown = invoice(h, {
      subscription: "sub_NeverSeenBefore0000000",
      billingReason: "subscription_cycle",
    });
    const res = await deliver(h, stripeEvent(h, "invoice.paid", unknown));
    expect(res.body).toMatchObject({ outcome: "pending", reason: "RENEWAL_AWAITING_CHECKOUT" });
    expect(await conversionsOf(h, unknown.id)).toHaveLength(0);

    const oneOff = {
      ...invoice(h, { subscription: "x", billingReason: "subscription_cycle" }),
      parent: null,
      billing_reason: "manual",
    };
    const manual = await deliver(h, stripeEvent(h, "invoice.paid", oneOff));
    expect(manual.body).toMatchObject({ outcome: "ignored", reason: "NOT_A_SUBSCRIPTION_INVOICE" });
  });

  it("recurring_months 12 pays twelve payments: payment 12 earns, payment 13 does not", async () => {
    const program = await h.createProgram({
      name: "Twelve months",
      commission: { type: "percent", percent: 20 },
      recurring_months: 12,
    });
    await h.createPartner({ program_id: program.id, ref: "twelve" });
    const click = await h.click("twelve", { ip: "198.51.100.40" });
    const session = checkoutSession(h, { mode: "subscription", clickId: click.body.click_id });
    const first = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    expect(first.body.reason).toBe("ATTRIBUTED");
    // The subscription's billing anchor, seconds before the session completed.
    const anchor = new Date(h.clock.now().getTime() - 5_000);
    const reasons: string[] = [];
    for (let payment = 2; payment <= 13; payment += 1) {
      const periodStart = new Date(anchor);
      periodStart.setUTCMonth(anchor.getUTCMonth() + payment - 1);
      h.clock.set(new Date(periodStart.getTime() + HOUR_MS));
      const renewal = invoice(h, {
        subscription: session.subscription!,
        billingReason: "subscription_cycle",
        periodStart: Math.floor(periodStart.getTime() / 1000),
      });
      reasons.push((await deliver(h, stripeEvent(h, "invoice.paid", renewal))).body.reason);
    }
    // Payments 2 … 12 earn (with the first, twelve), the 13th is past the months.
    expect(reasons.slice(0, 11)).toEqual(Array(11).fill("ATTRIBUTED"));
    expect(reasons[11]).toBe("ATTRIBUTION_WINDOW_EXPIRED");
  });
});

// Self-referral by Stripe customer, through the API on both engines: a partner whose own Stripe
// customer (`stripe_customer_id`, set through the partners API) buys through their own link is
// held with `SELF_REFERRAL` matched `stripe_customer`, whatever e-mail they gave, from the
// Conversion API and from a signed checkout.session.completed shaped like Stripe's; another
// customer, a program with the rule off, or a partner whose id was removed is not held.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries, convert } from "../../support/conversions";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import { checkoutSession, connectStripe, deliver, stripeEvent } from "../../support/stripe-events";
import { commissionOf, conversionsOf } from "../../support/stripe-tables";

const dialects = await dialectsUnderTest();

describe.each(dialects)("self-referral by Stripe customer ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  let sk: string;
  let n = 0;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    sk = h.merchant.keys.sk_test;
    await connectStripe(h);
  });
  afterAll(async () => h?.close());

  /** A partner created through the API, as a merchant would, with their own Stripe customer. */
  async function partnerWithCustomer(programId?: string) {
    n += 1;
    const stripeCustomer = `cus_${dialect}Own${n}`;
    const email = `partner${n}@example.com`;
    const res = await h.post("/api/v1/partners", {
      key: sk,
      body: {
        name: `Partner ${n}`,
        email,
        program_id: programId ?? h.program.id,
        ref: `own${n}${dialect}`,
        status: "approved",
        stripe_customer_id: stripeCustomer,
      },
    });
    expect(res.status, res.text).toBe(201);
    return { id: res.body.id as string, ref: res.body.ref as string, stripeCustomer, email };
  }

  async function clickOf(ref: string) {
    // A new address per click: the visitor signal stays quiet.
    const click = await h.click(ref, { ip: `198.18.1.${++n}` });
    expect(click.status, click.text).toBe(201);
    return click.body.click_id as string;
  }

  async function sale(ref: string, extra: Record<string, unknown>) {
    const res = await convert(h, { click_id: await clickOf(ref), ...extra });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe("attributed");
    return res.body as { id: string; commission: { id: string; status: string } };
  }

  const holdOf = async (conversionId: string) =>
    (await auditEntries(h, { conversion_id: conversionId })).find((e) => e.action === "fraud_hold");

  it.runIf(available)(
    "the partner's own Stripe customer through the Conversion API: held, the signal in the audit log",
    async () => {
      const partner = await partnerWithCustomer();
      const held = await sale(partner.ref, {
        customer_id: partner.stripeCustomer,
        customer_email: "someone.else@example.net",
      });
      expect(held.commission.status).toBe("held");
      const commission = await h.get(`/api/v1/commissions/${held.commission.id}`, { key: sk });
      expect(commission.body).toMatchObject({ status: "held", held_by: "fraud" });
      const hold = await holdOf(held.id);
      expect(hold).toMatchObject({ decision: "held", reason: "FRAUD_SIGNALS" });
      expect(hold?.facts).toMatchObject({
        commission_id: held.commission.id,
        signals: [{ signal: "SELF_REFERRAL", matched: "stripe_customer" }],
        rules: { self_referral: true },
      });

      // Both the customer and the e-mail are the partner's: one signal, the Stripe customer's.
      const both = await sale(partner.ref, {
        customer_id: partner.stripeCustomer,
        customer_email: partner.email,
      });
      expect((await holdOf(both.id))?.facts.signals).toEqual([
        { signal: "SELF_REFERRAL", matched: "stripe_customer" },
      ]);
    },
  );

  it.runIf(available)(
    "another customer, or a partner without a Stripe customer: not held",
    async () => {
      const partner = await partnerWithCustomer();
      const other = await sale(partner.ref, { customer_id: `cus_${dialect}Stranger` });
      expect(other.commission.status).toBe("pending");
      expect(await holdOf(other.id)).toBeUndefined();

      // The harness's partner `demo` has no Stripe customer: a customer id alone matches nothing.
      const demo = await sale("demo", { customer_id: partner.stripeCustomer });
      expect(demo.commission.status).toBe("pending");
    },
  );

  it.runIf(available)("the program's rule turned off: the same sale is not held", async () => {
    // The test clock stands still: every sale here is 0 s after its click.
    const quiet = { click_seconds: 0, network_clicks: 0 };
    const program = await h.post("/api/v1/programs", {
      key: sk,
      body: { name: "Own purchases", commission: { type: "percent", percent: 10 }, fraud: quiet },
    });
    expect(program.status, program.text).toBe(201);
    const partner = await partnerWithCustomer(program.body.id);
    const before = await sale(partner.ref, { customer_id: partner.stripeCustomer });
    expect(before.commission.status).toBe("held");

    const off = await h.patch(`/api/v1/programs/${program.body.id}`, {
      key: sk,
      body: { fraud: { ...quiet, self_referral: false } },
    });
    expect(off.status, off.text).toBe(200);
    const after = await sale(partner.ref, { customer_id: partner.stripeCustomer });
    expect(after.commission.status).toBe("pending");
  });

  it.runIf(available)("removed with null: the partner's later sales are not held", async () => {
    const partner = await partnerWithCustomer();
    const before = await sale(partner.ref, { customer_id: partner.stripeCustomer });
    expect(before.commission.status).toBe("held");
    const removed = await h.patch(`/api/v1/partners/${partner.id}`, {
      key: sk,
      body: { stripe_customer_id: null },
    });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.stripe_customer_id).toBeNull();
    const after = await sale(partner.ref, { customer_id: partner.stripeCustomer });
    expect(after.commission.status).toBe("pending");
  });

  it.runIf(available)(
    "a signed checkout.session.completed whose customer is the partner's own: held",
    async () => {
      const partner = await partnerWithCustomer();
      const session = {
        // A returning customer's Checkout: Stripe names the customer; customer_details.email is
        // Stripe's example buyer, not the partner.
        ...checkoutSession(h, { amount: 4900, clickId: await clickOf(partner.ref) }),
        customer: partner.stripeCustomer,
      };
      const event = stripeEvent(h, "checkout.session.completed", session);
      const res = await deliver(h, event);
      expect(res.status, res.text).toBe(200);
      const [conversion] = await conversionsOf(h, session.id as string);
      expect(conversion).toMatchObject({
        status: "attributed",
        partner_id: partner.id,
        customer_id: partner.stripeCustomer,
      });
      const commission = await commissionOf(h, conversion!.id);
      expect(commission).toMatchObject({ status: "held", held_by: "fraud" });
      const hold = await holdOf(conversion!.id);
      expect(hold).toMatchObject({ stripe_event_id: event.id, reason: "FRAUD_SIGNALS" });
      expect(hold?.facts.signals).toEqual([
        { signal: "SELF_REFERRAL", matched: "stripe_customer" },
      ]);

      // The same partner's link, another Stripe customer: not held.
      const stranger = {
        ...checkoutSession(h, { amount: 4900, clickId: await clickOf(partner.ref) }),
        customer: `cus_${dialect}StrangerCheckout`,
      };
      const delivered = await deliver(h, stripeEvent(h, "checkout.session.completed", stranger));
      expect(delivered.status, delivered.text).toBe(200);
      const [sold] = await conversionsOf(h, stranger.id as string);
      expect(await commissionOf(h, sold!.id)).toMatchObject({ status: "pending", held_by: null });
    },
  );
});

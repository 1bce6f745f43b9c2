import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../server/lib/clock";
import { CLAIM_LEASE_MS } from "../../server/stripe/events";
import { createHarness, type Harness } from "../support/harness";
import {
  charge,
  chargeRefunded,
  checkoutSession,
  connectStripe,
  deliver,
  invoice,
  invoicePayment,
  stripeEvent,
} from "../support/stripe-events";
import { auditOfEvent, commissionOf, conversionsOf, tableCounts } from "../support/stripe-tables";

describe("Stripe webhooks: Checkout and Payment Links", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await connectStripe(h);
  });
  afterAll(async () => h.close());

  it("attributes a Checkout Session carrying metadata.aff_click_id", async () => {
    const click = await h.click("demo", { ip: "198.51.100.1" });
    const session = checkoutSession(h, { clickId: click.body.click_id, amount: 4900 });
    const event = stripeEvent(h, "checkout.session.completed", session);

    const res = await deliver(h, event);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      received: true,
      duplicate: false,
      outcome: "recorded",
      reason: "ATTRIBUTED",
    });
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion).toMatchObject({
      id: res.body.conversion_id,
      status: "attributed",
      reason: "ATTRIBUTED",
      click_id: click.body.click_id,
      partner_id: h.partner.id,
      amount_cents: 4900,
      currency: "EUR",
      source: "stripe",
      event_type: "purchase",
      mode: "test",
      request_id: res.headers.get("x-request-id"),
    });
    expect(await commissionOf(h, conversion!.id)).toMatchObject({
      amount_cents: 980,
      currency: "EUR",
      status: "pending",
    });
    const audit = await auditOfEvent(h, event.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "attribution",
      decision: "attributed",
      reason: "ATTRIBUTED",
      conversion_id: conversion!.id,
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("attributes a Payment Link session through client_reference_id (set by the snippet)", async () => {
    const click = await h.click("demo", { ip: "198.51.100.2" });
    const session = checkoutSession(h, {
      clientReferenceId: click.body.click_id,
      paymentLink: "plink_1QxYzAbCdEfGhIjK",
      amount: 2500,
      currency: "usd",
    });

    const res = await deliver(h, stripeEvent(h, "checkout.session.completed", session));

    expect(res.status).toBe(200);
    expect(res.body.reason).toBe("ATTRIBUTED");
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion).toMatchObject({ status: "attributed", currency: "USD", amount_cents: 2500 });
    expect(JSON.parse(conversion!.metadata!)).toMatchObject({
      stripe_payment_link: "plink_1QxYzAbCdEfGhIjK",
      click_id_source: "client_reference_id",
    });
    expect((await commissionOf(h, conversion!.id))?.amount_cents).toBe(500);
  });

  it("prefers metadata.aff_click_id over client_reference_id", async () => {
    const click = await h.click("demo", { ip: "198.51.100.3" });
    const session = checkoutSession(h, {
      clickId: click.body.click_id,
      clientReferenceId: "order-4711",
    });
    const res = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    expect(res.body.reason).toBe("ATTRIBUTED");
  });

  it("records a session without a click id as unattributed, CLICK_ID_MISSING", async () => {
    const session = checkoutSession(h);
    const event = stripeEvent(h, "checkout.session.completed", session);

    const res = await deliver(h, event);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: "recorded", reason: "CLICK_ID_MISSING" });
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion).toMatchObject({ status: "unattributed", reason: "CLICK_ID_MISSING" });
    expect(await commissionOf(h, conversion!.id)).toBeUndefined();
    expect((await auditOfEvent(h, event.id))[0]).toMatchObject({ reason: "CLICK_ID_MISSING" });
  });

  it("records a test-mode event carrying a live click as MODE_MISMATCH", async () => {
    const liveClick = await h.click("demo", { key: h.merchant.keys.pk_live, ip: "198.51.100.4" });
    expect(liveClick.body.mode).toBe("live");
    const session = checkoutSession(h, { clickId: liveClick.body.click_id });

    const res = await deliver(h, stripeEvent(h, "checkout.session.completed", session));

    expect(res.status).toBe(200);
    expect(res.body.reason).toBe("MODE_MISMATCH");
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion).toMatchObject({
      mode: "test",
      status: "unattributed",
      reason: "MODE_MISMATCH",
    });
  });

  it("records a live event with a live click in live mode, verified with the live secret", async () => {
    const liveClick = await h.click("demo", { key: h.merchant.keys.pk_live, ip: "198.51.100.5" });
    const session = checkoutSession(h, { clickId: liveClick.body.click_id, livemode: true });
    const { LIVE_SECRET } = await import("../support/stripe-events");

    const res = await deliver(
      h,
      stripeEvent(h, "checkout.session.completed", session, { livemode: true }),
      { secret: LIVE_SECRET },
    );

    expect(res.status).toBe(200);
    expect(res.body.reason).toBe("ATTRIBUTED");
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion?.mode).toBe("live");
  });

  it("waits for an async payment: an unpaid completed session records nothing, async_payment_succeeded does", async () => {
    const click = await h.click("demo", { ip: "198.51.100.6" });
    const session = checkoutSession(h, { clickId: click.body.click_id, paymentStatus: "unpaid" });

    const first = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    expect(first.body).toMatchObject({ outcome: "ignored", reason: "PAYMENT_NOT_COMPLETED" });
    expect(await conversionsOf(h, session.id)).toHaveLength(0);

    const paid = { ...session, payment_status: "paid" };
    const second = await deliver(
      h,
      stripeEvent(h, "checkout.session.async_payment_succeeded", paid),
    );
    expect(second.body).toMatchObject({ outcome: "recorded", reason: "ATTRIBUTED" });
    expect(await conversionsOf(h, session.id)).toHaveLength(1);
  });

  it("acknowledges event types it does not use, and records nothing for them", async () => {
    const before = await tableCounts(h);
    const res = await deliver(
      h,
      stripeEvent(h, "customer.created", { id: "cus_Q1w2e3r4t5", object: "customer" }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      received: true,
      duplicate: false,
      outcome: "ignored",
      reason: "EVENT_TYPE_NOT_HANDLED",
    });
    const after = await tableCounts(h);
    expect({ ...after, stripe_events: before.stripe_events }).toEqual(before);
  });
});

describe("Stripe webhooks: counted once", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await connectStripe(h);
  });
  afterAll(async () => h.close());

  it("processes an event delivered five times in a row once", async () => {
    const click = await h.click("demo", { ip: "198.51.100.10" });
    const session = checkoutSession(h, { clickId: click.body.click_id });
    const event = stripeEvent(h, "checkout.session.completed", session);

    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await deliver(h, event));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.body.duplicate)).toEqual([false, true, true, true, true]);
    expect(answers.slice(1).every((a) => a.body.outcome === "recorded")).toBe(true);
    const conversions = await conversionsOf(h, session.id);
    expect(conversions).toHaveLength(1);
    expect(answers.every((a) => a.body.conversion_id === conversions[0]!.id)).toBe(true);
    const commissions = await h.services.store.db
      .selectFrom("commissions")
      .selectAll()
      .where("conversion_id", "=", conversions[0]!.id)
      .execute();
    expect(commissions).toHaveLength(1);
    const audit = await auditOfEvent(h, event.id);
    expect(audit.filter((a) => a.action === "attribution")).toHaveLength(1);
    expect(audit.filter((a) => a.decision === "duplicate_delivery")).toHaveLength(4);
  });

  it("takes over an event whose first delivery died mid-way, once its claim is 5 minutes old", async () => {
    const click = await h.click("demo", { ip: "198.51.100.12" });
    const session = checkoutSession(h, { clickId: click.body.click_id });
    const event = stripeEvent(h, "checkout.session.completed", session);
    // What a delivery that crashed after claiming the event leaves behind.
    await h.services.store.db
      .insertInto("stripe_events")
      .values({
        merchant_id: h.merchant.merchant_id,
        event_id: event.id,
        mode: "test",
        type: event.type,
        received_at: h.clock.now().toISOString(),
        request_id: "req_crashed",
        outcome: "processing",
        conversion_id: null,
      })
      .execute();

    const early = await deliver(h, event);
    expect(early.body).toMatchObject({ duplicate: true, outcome: "processing" });
    expect(await conversionsOf(h, session.id)).toHaveLength(0);

    h.clock.advance(CLAIM_LEASE_MS + 1000);
    const retry = await deliver(h, event);
    expect(retry.body).toMatchObject({
      duplicate: false,
      outcome: "recorded",
      reason: "ATTRIBUTED",
    });
    expect(await conversionsOf(h, session.id)).toHaveLength(1);
  });

  it("releases the event when its processing fails, so Stripe's retry completes it", async () => {
    const click = await h.click("demo", { ip: "198.51.100.13" });
    const session = checkoutSession(h, { clickId: click.body.click_id });
    const event = stripeEvent(h, "checkout.session.completed", session);
    const { db } = h.services.store;
    // Break the step after the conversion: the delivery fails half-way.
    await sql`alter table stripe_links rename to stripe_links_away`.execute(db);
    const failed = await deliver(h, event);
    await sql`alter table stripe_links_away rename to stripe_links`.execute(db);
    expect(failed.status).toBe(500);
    const claims = await db
      .selectFrom("stripe_events")
      .select("event_id")
      .where("event_id", "=", event.id)
      .execute();
    expect(claims).toHaveLength(0);

    const retry = await deliver(h, event);
    expect(retry.body).toMatchObject({ duplicate: false, outcome: "duplicate" });
    expect(await conversionsOf(h, session.id)).toHaveLength(1);
    const links = await db
      .selectFrom("stripe_links")
      .select("conversion_id")
      .where("stripe_id", "=", session.payment_intent!)
      .execute();
    expect(links).toEqual([{ conversion_id: retry.body.conversion_id }]);
  });

  it("counts a purchase reported through the Conversion API and again through Stripe once", async () => {
    const click = await h.click("demo", { ip: "198.51.100.11" });
    const session = checkoutSession(h, { clickId: click.body.click_id });
    const api = await h.post("/api/v1/conversions", {
      key: h.merchant.keys.sk_test,
      body: {
        click_id: click.body.click_id,
        event_type: "purchase",
        external_transaction_id: session.id,
        amount_cents: 4900,
        currency: "EUR",
      },
    });
    expect(api.status).toBe(201);
    const event = stripeEvent(h, "checkout.session.completed", session);

    const res = await deliver(h, event);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      duplicate: false,
      outcome: "duplicate",
      reason: "CONVERSION_DUPLICATE",
      conversion_id: api.body.id,
    });
    const conversions = await conversionsOf(h, session.id);
    expect(conversions).toHaveLength(1);
    expect(conversions[0]!.source).toBe("api");
    const audit = await auditOfEvent(h, event.id);
    expect(audit.map((a) => [a.action, a.decision, a.reason])).toContainEqual([
      "stripe_event",
      "duplicate",
      "CONVERSION_DUPLICATE",
    ]);
    expect(audit.every((a) => a.request_id === res.headers.get("x-request-id"))).toBe(true);
  });
});

describe("Stripe webhooks: subscriptions and refunds", () => {
  let h: Harness;
  beforeAll(async () => {
    // recurring_months = 2: the first payment and the renewals of the next two months.
    h = await createHarness({ program: { name: "SaaS", recurring_months: 2 } });
    await connectStripe(h);
  });
  afterAll(async () => h.close());

  async function subscribe(ip: string) {
    const click = await h.click("demo", { ip });
    const session = checkoutSession(h, { mode: "subscription", clickId: click.body.click_id });
    const res = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    expect(res.body.reason).toBe("ATTRIBUTED");
    return {
      session,
      subscription: session.subscription!,
      firstConversion: res.body.conversion_id,
    };
  }

  async function commissionsOfSubscription(subscription: string, firstConversion: string) {
    const rows = await h.services.store.db
      .selectFrom("conversions")
      .innerJoin("commissions", "commissions.conversion_id", "conversions.id")
      .select([
        "conversions.id",
        "conversions.external_transaction_id",
        "commissions.amount_cents",
        "commissions.reversed_amount_cents",
        "commissions.status",
      ])
      .where("conversions.merchant_id", "=", h.merchant.merchant_id)
      .where((eb) =>
        eb.or([
          eb("conversions.id", "=", firstConversion),
          eb("conversions.metadata", "like", `%${subscription}%`),
        ]),
      )
      .execute();
    return rows;
  }

  it("pays on the first invoice and two renewals (three commissions), then no more", async () => {
    const { session, subscription, firstConversion } = await subscribe("198.51.100.20");

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
      "ATTRIBUTED",
      "ATTRIBUTION_WINDOW_EXPIRED",
    ]);

    const commissions = await commissionsOfSubscription(subscription, firstConversion);
    expect(commissions).toHaveLength(3);
    expect(commissions.every((c) => c.amount_cents === 980)).toBe(true);
    const [, , third] = await Promise.all(renewals.map((r) => conversionsOf(h, r.invoiceId)));
    expect(third![0]).toMatchObject({
      status: "unattributed",
      event_type: "subscription_renewal",
    });
  });

  it("reverses the commission of a refunded renewal (legacy payload: invoice.charge)", async () => {
    const { subscription } = await subscribe("198.51.100.21");
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

  it("finds a renewal's payment through invoice_payment.paid on current API versions, in either order", async () => {
    const { subscription, firstConversion } = await subscribe("198.51.100.22");
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

  it("ignores renewals of subscriptions it never saw start, and one-off invoices", async () => {
    const unknown = invoice(h, {
      subscription: "sub_NeverSeenBefore0000000",
      billingReason: "subscription_cycle",
    });
    const res = await deliver(h, stripeEvent(h, "invoice.paid", unknown));
    expect(res.body).toMatchObject({
      outcome: "ignored",
      reason: "SUBSCRIPTION_NOT_FROM_CHECKOUT",
    });
    expect(await conversionsOf(h, unknown.id)).toHaveLength(0);

    const oneOff = {
      ...invoice(h, { subscription: "x", billingReason: "subscription_cycle" }),
      parent: null,
      billing_reason: "manual",
    };
    const manual = await deliver(h, stripeEvent(h, "invoice.paid", oneOff));
    expect(manual.body).toMatchObject({ outcome: "ignored", reason: "NOT_A_SUBSCRIPTION_INVOICE" });
  });
});

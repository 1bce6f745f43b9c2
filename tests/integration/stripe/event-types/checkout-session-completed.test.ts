import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";
import {
  checkoutSession,
  connectStripe,
  deliver,
  LIVE_SECRET,
  stripeEvent,
} from "../../../support/stripe-events";
import { auditOfEvent, commissionOf, conversionsOf } from "../../../support/stripe-tables";

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
});

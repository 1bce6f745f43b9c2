// A delivery from verification to its handler: each event id acted on once, unknown types acknowledged.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAIM_LEASE_MS } from "../../../server/stripe/claims";
import { createHarness, type Harness } from "../../support/harness";
import { checkoutSession, connectStripe, deliver, stripeEvent } from "../../support/stripe-events";
import { auditOfEvent, conversionsOf, tableCounts } from "../../support/stripe-tables";

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

describe("Stripe webhooks: event types Selgeo does not use", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await connectStripe(h);
  });
  afterAll(async () => h.close());

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

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import {
  charge,
  chargeRefunded,
  checkoutSession,
  connectStripe,
  deliver,
  LIVE_SECRET,
  stripeEvent,
  TEST_SECRET,
  unix,
} from "../../support/stripe-events";
import {
  auditOfEvent,
  commissionOf,
  conversionsOf,
  tableCounts,
} from "../../support/stripe-tables";

describe("signing secrets belong to one merchant and one mode", () => {
  let h: Harness;
  const OTHER_SECRET = "whsec_otherMerchantsEndpointSecret0000";
  let other: Awaited<ReturnType<Harness["otherMerchant"]>>;

  beforeAll(async () => {
    h = await createHarness();
    await connectStripe(h);
    other = await h.otherMerchant();
    const res = await h.put("/api/v1/integrations/stripe", {
      key: other.keys.sk_test,
      body: { webhook_secret: OTHER_SECRET },
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => h.close());

  it("refuses an event signed with another merchant's secret, in both directions", async () => {
    const before = await tableCounts(h);
    const event = stripeEvent(h, "checkout.session.completed", checkoutSession(h));

    const toUs = await deliver(h, event, { secret: OTHER_SECRET });
    expect(toUs.status).toBe(400);
    expect(toUs.body.error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    const toThem = await deliver(h, event, { secret: TEST_SECRET, merchantId: other.merchant_id });
    expect(toThem.status).toBe(400);

    expect(await tableCounts(h)).toEqual(before);
  });

  it("lets the test secret (often shared with developers) never create live conversions", async () => {
    const before = await tableCounts(h);
    const live = stripeEvent(
      h,
      "checkout.session.completed",
      checkoutSession(h, { livemode: true }),
      { livemode: true },
    );
    const res = await deliver(h, live, { secret: TEST_SECRET });
    expect(res.status).toBe(400);
    expect(await tableCounts(h)).toEqual(before);
  });

  it("stores a secret for the key's mode only, and never shows it in full", async () => {
    const fresh = await h.otherMerchant("Fresh Shop");
    const secret = "whsec_abcdefghijklmnopqrstuvwxyz012345";
    const put = await h.put("/api/v1/integrations/stripe", {
      key: fresh.keys.sk_live,
      body: { webhook_secret: secret },
    });
    expect(put.status).toBe(200);
    expect(put.text).not.toContain(secret);
    expect(put.body).toMatchObject({
      object: "stripe_integration",
      mode: "live",
      webhook_secret: "whsec_…2345",
      webhook_url: `http://localhost/api/v1/webhooks/stripe/${fresh.merchant_id}`,
      events: expect.arrayContaining([
        "checkout.session.completed",
        "invoice.paid",
        "charge.refunded",
      ]),
    });

    const live = await h.get("/api/v1/integrations/stripe", { key: fresh.keys.sk_live });
    expect(live.body.webhook_secret).toBe("whsec_…2345");
    expect(live.text).not.toContain(secret);
    const test = await h.get("/api/v1/integrations/stripe", { key: fresh.keys.sk_test });
    expect(test.body).toMatchObject({ mode: "test", webhook_secret: null, updated_at: null });

    // A test event cannot be verified by the live secret alone.
    const event = stripeEvent(h, "checkout.session.completed", checkoutSession(h));
    const res = await deliver(h, event, { secret, merchantId: fresh.merchant_id });
    expect(res.status).toBe(400);
  });

  it("names the webhook URL under PUBLIC_URL when set, whatever host the request came to", async () => {
    const behindProxy = await createHarness({ publicUrl: "https://track.example.com/selgeo/" });
    try {
      const res = await behindProxy.get("/api/v1/integrations/stripe", {
        key: behindProxy.merchant.keys.sk_test,
        headers: { "X-Forwarded-Host": "internal.lan", "X-Forwarded-Proto": "http" },
      });
      expect(res.body.webhook_url).toBe(
        `https://track.example.com/selgeo/api/v1/webhooks/stripe/${behindProxy.merchant.merchant_id}`,
      );
      const proxied = await h.get("/api/v1/integrations/stripe", {
        key: h.merchant.keys.sk_test,
        headers: { "X-Forwarded-Host": "shop-api.example", "X-Forwarded-Proto": "https" },
      });
      expect(proxied.body.webhook_url).toBe(
        `https://shop-api.example/api/v1/webhooks/stripe/${h.merchant.merchant_id}`,
      );
    } finally {
      await behindProxy.close();
    }
  });

  it("replaces a secret: the old one stops working at once", async () => {
    const rotated = "whsec_rotatedTestSecret000000000000";
    await h.put("/api/v1/integrations/stripe", {
      key: h.merchant.keys.sk_test,
      body: { webhook_secret: rotated },
    });
    const event = stripeEvent(h, "checkout.session.completed", checkoutSession(h));
    expect((await deliver(h, event, { secret: TEST_SECRET })).status).toBe(400);
    expect((await deliver(h, event, { secret: rotated })).status).toBe(200);
    await connectStripe(h);
  });

  it("keeps test and live data apart: a live refund cannot touch a test conversion", async () => {
    const session = checkoutSession(h);
    const recorded = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    expect(recorded.status).toBe(200);
    const liveRefund = stripeEvent(
      h,
      "charge.refunded",
      charge(h, { paymentIntent: session.payment_intent!, amountRefunded: 4900, livemode: true }),
      { livemode: true },
    );
    const res = await deliver(h, liveRefund, { secret: LIVE_SECRET });
    // Live mode has no such payment: the refund waits for one there, never touching test data.
    expect(res.body).toMatchObject({ outcome: "pending", reason: "REFUND_AWAITING_PAYMENT" });
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion!.refunded_amount_cents).toBe(0);
  });
});

const dialects = await dialectsUnderTest();

describe.each(dialects)("Stripe retries never pay twice ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    await connectStripe(h);
  });
  afterAll(async () => h?.close());

  it.runIf(available)(
    "five concurrent deliveries of one event: one conversion, one commission",
    async () => {
      const click = await h.click("demo", { ip: "203.0.113.50" });
      const session = checkoutSession(h, { clickId: click.body.click_id });
      const event = stripeEvent(h, "checkout.session.completed", session);

      const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(h, event)));

      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
      const conversions = await conversionsOf(h, session.id);
      expect(conversions).toHaveLength(1);
      expect(conversions[0]!.status).toBe("attributed");
      const commissions = await h.services.store.db
        .selectFrom("commissions")
        .select("id")
        .where("conversion_id", "=", conversions[0]!.id)
        .execute();
      expect(commissions).toHaveLength(1);
    },
  );

  it.runIf(available)("five concurrent deliveries of one refund: reversed once", async () => {
    const click = await h.click("demo", { ip: "203.0.113.51" });
    const session = checkoutSession(h, { clickId: click.body.click_id, amount: 10_000 });
    const recorded = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    const refund = stripeEvent(
      h,
      "charge.refunded",
      charge(h, { paymentIntent: session.payment_intent!, amount: 10_000, amountRefunded: 4_000 }),
    );

    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(h, refund)));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion!.refunded_amount_cents).toBe(4_000);
    expect(await commissionOf(h, recorded.body.conversion_id)).toMatchObject({
      reversed_amount_cents: 800,
      status: "partially_reversed",
    });
  });

  it.runIf(available)(
    "two different refund events of one charge racing: each cent once",
    async () => {
      const click = await h.click("demo", { ip: "203.0.113.52" });
      const session = checkoutSession(h, { clickId: click.body.click_id, amount: 10_000 });
      await deliver(h, stripeEvent(h, "checkout.session.completed", session));
      const chargeId = `ch_${"C".repeat(24)}`;
      const refundTo = (amountRefunded: number) =>
        chargeRefunded(h, {
          chargeId,
          paymentIntent: session.payment_intent!,
          amount: 10_000,
          amountRefunded,
        });
      const events = [refundTo(3_000), refundTo(7_000)];

      const answers = await Promise.all([...events, ...events].map((e) => deliver(h, e)));

      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      const [conversion] = await conversionsOf(h, session.id);
      expect(conversion!.refunded_amount_cents).toBe(7_000);
    },
  );
});

describe("refusals tell nothing about a merchant's set-up (issue 14)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await connectStripe(h);
  });
  afterAll(async () => h.close());

  it("answers an unknown merchant, one without a secret and a wrong secret alike", async () => {
    const before = await tableCounts(h);
    const noSecret = await h.otherMerchant("No Stripe Yet");
    const event = stripeEvent(h, "checkout.session.completed", checkoutSession(h));
    const forged = "whsec_attackersGuess000000000000";
    const answers = [
      await deliver(h, event, { merchantId: "mer_DoesNotExist000000000000", secret: forged }),
      await deliver(h, event, { merchantId: "not-a-merchant-id", secret: forged }),
      await deliver(h, event, { merchantId: noSecret.merchant_id, secret: forged }),
      await deliver(h, event, { secret: forged }),
    ];
    const shapes = answers.map((a) => ({
      status: a.status,
      code: a.body.error.code,
      message: a.body.error.message,
      details: a.body.error.details,
    }));
    expect(shapes[0]).toEqual({
      status: 400,
      code: "WEBHOOK_SIGNATURE_INVALID",
      message: expect.any(String),
      details: { reason: "no_matching_signature" },
    });
    for (const shape of shapes) expect(shape).toEqual(shapes[0]);
    expect(await tableCounts(h)).toEqual(before);
  });
});

describe("signatures dated ahead of the server's clock (issue 14)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await connectStripe(h);
  });
  afterAll(async () => h.close());

  it("refuses one more than five minutes ahead, a year ahead too; accepts four minutes", async () => {
    const before = await tableCounts(h);
    for (const ahead of [6 * 60, 365 * 86_400]) {
      const event = stripeEvent(h, "checkout.session.completed", checkoutSession(h));
      const res = await deliver(h, event, { timestamp: unix(h) + ahead });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: "WEBHOOK_SIGNATURE_INVALID",
        details: { reason: "future_timestamp" },
      });
    }
    expect(await tableCounts(h)).toEqual(before);

    const event = stripeEvent(h, "checkout.session.completed", checkoutSession(h));
    expect((await deliver(h, event, { timestamp: unix(h) + 4 * 60 })).status).toBe(200);
  });
});

describe("signed payloads under the API's input rules (issue 14)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await connectStripe(h);
  });
  afterAll(async () => h.close());

  const breaking: Array<[string, Record<string, unknown>]> = [
    ["control characters in the session id", { id: "cs_test_\u0000\u001b[2Jevil" }],
    ["an amount of 9007199254740991", { amount_total: 9_007_199_254_740_991 }],
    ["currency NOT-A-CURRENCY", { currency: "NOT-A-CURRENCY" }],
  ];

  it.each(breaking)(
    "acknowledges a session with %s (200), audits why, records nothing, and is not redone",
    async (_name, fields) => {
      const click = await h.click("demo", { ip: "203.0.113.90" });
      const session = { ...checkoutSession(h, { clickId: click.body.click_id }), ...fields };
      const event = stripeEvent(h, "checkout.session.completed", session);
      const before = await tableCounts(h);

      const res = await deliver(h, event);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        duplicate: false,
        outcome: "ignored",
        reason: "MALFORMED_OBJECT",
      });
      const after = await tableCounts(h);
      // The claim and the audit entry are all that is written: no conversion, link or commission.
      expect(after).toEqual({
        ...before,
        audit_log: before.audit_log + 1,
        stripe_events: before.stripe_events + 1,
      });
      const [entry] = await auditOfEvent(h, event.id);
      expect(entry).toMatchObject({ action: "stripe_event", decision: "ignored" });
      expect(JSON.parse(entry!.facts).detail).toMatch(/Checkout Session/);
      // Stripe's retry of the same event is a duplicate: answered, never redone.
      expect((await deliver(h, event)).body).toMatchObject({ duplicate: true, outcome: "ignored" });
    },
  );

  it("acknowledges a refund with an amount over the API's cap without refunding", async () => {
    const click = await h.click("demo", { ip: "203.0.113.91" });
    const session = checkoutSession(h, { clickId: click.body.click_id });
    expect((await deliver(h, stripeEvent(h, "checkout.session.completed", session))).status).toBe(
      200,
    );
    const before = await tableCounts(h);
    const refund = stripeEvent(
      h,
      "charge.refunded",
      charge(h, {
        paymentIntent: session.payment_intent!,
        amount: 9_007_199_254_740_991,
        amountRefunded: 9_007_199_254_740_991,
      }),
    );
    const res = await deliver(h, refund);
    expect(res.body).toMatchObject({ outcome: "ignored", reason: "MALFORMED_OBJECT" });
    const after = await tableCounts(h);
    expect(after.refunds).toBe(before.refunds);
    const [conversion] = await conversionsOf(h, session.id);
    expect(conversion!.refunded_amount_cents).toBe(0);
  });
});

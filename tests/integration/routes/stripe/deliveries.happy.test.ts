import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEPT_PER_MERCHANT } from "../../../../server/stripe/signature-failures";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";
import {
  checkoutSession,
  connectStripe,
  deliver,
  stripeEvent,
} from "../../../support/stripe-events";

const dialects = await dialectsUnderTest();

describe.each(dialects)("Stripe deliveries on $dialect", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    await connectStripe(h);
  });
  afterAll(async () => h?.close());

  const deliveries = async (key = h.merchant.keys.sk_test) =>
    (await h.get("/api/v1/integrations/stripe/deliveries", { key })).body;

  it.runIf(available)("starts with no event and no failure", async () => {
    expect(await deliveries()).toEqual({
      object: "stripe_deliveries",
      mode: "test",
      last_event: null,
      signature_failures: [],
    });
  });

  it.runIf(available)("shows when the last event of the mode arrived", async () => {
    const event = stripeEvent(h, "checkout.session.completed", checkoutSession(h));
    const res = await deliver(h, event);
    expect(res.status).toBe(200);
    const body = await deliveries();
    expect(body.last_event).toMatchObject({
      id: event.id,
      type: "checkout.session.completed",
      received_at: h.clock.now().toISOString(),
      request_id: res.headers.get("x-request-id"),
    });
    expect((await deliveries(h.merchant.keys.sk_live)).last_event).toBeNull();
  });

  it.runIf(available)("records signature failures with their reason and request id", async () => {
    const event = stripeEvent(h, "checkout.session.completed", checkoutSession(h), {
      livemode: true,
    });
    const res = await deliver(h, event, { secret: "whsec_notTheRightSecretAtAll0000" });
    expect(res.status).toBe(400);
    const live = await deliveries(h.merchant.keys.sk_live);
    expect(live.signature_failures).toEqual([
      expect.objectContaining({
        reason: "no_matching_signature",
        request_id: res.headers.get("x-request-id"),
        claimed_mode: "live",
      }),
    ]);
    // Claimed live: not shown in test mode.
    expect((await deliveries()).signature_failures).toEqual([]);
    const missing = await deliver(h, "{not json", { header: null });
    expect(missing.status).toBe(400);
    expect((await deliveries()).signature_failures.map((f: any) => f.reason)).toEqual([
      "missing_header",
    ]);
  });

  it.runIf(available)(
    `keeps only the newest ${KEPT_PER_MERCHANT}, and nothing for unknown merchants`,
    async () => {
      for (let i = 0; i < KEPT_PER_MERCHANT + 5; i++) {
        h.clock.advance(1000);
        await deliver(h, `{"livemode":false,"n":${i}}`, { header: "t=1,v1=bad" });
      }
      await deliver(h, "{}", { header: "t=1,v1=bad", merchantId: "mer_doesnotexist" });
      const rows = await h.services.store.db
        .selectFrom("stripe_signature_failures")
        .select("merchant_id")
        .execute();
      expect(rows).toHaveLength(KEPT_PER_MERCHANT);
      expect(new Set(rows.map((r) => r.merchant_id))).toEqual(new Set([h.merchant.merchant_id]));
    },
  );

  it.runIf(available)("audits a new signing secret without revealing it", async () => {
    await h.put("/api/v1/integrations/stripe", {
      key: h.merchant.keys.sk_test,
      body: { webhook_secret: "whsec_rolledSecretForTheTest12345678" },
    });
    const log = await h.get("/api/v1/audit-log?limit=3", { key: h.merchant.keys.sk_test });
    const entry = log.body.data.find((e: any) => e.action === "stripe_integration");
    expect(entry).toMatchObject({
      reason: "STRIPE_SECRET_CHANGED",
      facts: { mode: "test", webhook_secret: "whsec_…5678" },
      actor: { type: "api_key" },
    });
    expect(log.text).not.toContain("rolledSecretForTheTest");
  });
});

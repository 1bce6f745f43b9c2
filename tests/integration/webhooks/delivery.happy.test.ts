// Outbound webhooks through a real HTTP receiver, on both engines: deliveries signed so that the
// package's own helper (`selgeo/webhooks`) verifies them; a receiver failing three times gets the
// event again after each backoff and is then marked delivered, every attempt recorded; retries
// stop after three days; a resend from the API; the lifecycle's events; and test-mode events
// never reach a live endpoint.
import { verifyWebhook, WebhookSignatureError } from "selgeo/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../../server/lib/clock";
import { deliverDueWebhooks } from "../../../server/webhooks/worker";
import { convert } from "../../support/conversions";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import { startWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver";

const dialects = await dialectsUnderTest();
const MINUTE = 60_000;
const WORKER = { timeoutMs: 5_000, retryBaseMs: MINUTE };

describe.each(dialects)("outbound webhooks ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  let receiver: WebhookReceiver;
  let ip = 0;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });

  const deliver = () => deliverDueWebhooks(h.services, WORKER);
  const nowSeconds = () => Math.floor(h.clock.now().getTime() / 1000);
  async function endpoint(events: string[], key = h.merchant.keys.sk_test, url = receiver.url) {
    const res = await h.post("/api/v1/webhook-endpoints", { key, body: { url, events } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_/);
    return res.body as { id: string; secret: string };
  }
  async function sale(options: { pk?: string; sk?: string; ref?: string } = {}) {
    ip += 1;
    const click = await h.click(options.ref ?? "demo", {
      ip: `192.0.2.${ip}`,
      ...(options.pk ? { key: options.pk } : {}),
    });
    const res = await convert(
      h,
      { click_id: click.body.click_id },
      options.sk ? { key: options.sk } : {},
    );
    expect(res.status, res.text).toBe(201);
    return res.body;
  }
  const disable = (id: string, key = h.merchant.keys.sk_test) =>
    h.patch(`/api/v1/webhook-endpoints/${id}`, { key, body: { disabled: true } });

  it.runIf(available)(
    "signs each delivery so that verifyWebhook from selgeo/webhooks accepts it, and nothing else",
    async () => {
      const ep = await endpoint([
        "conversion.recorded",
        "conversion.attributed",
        "commission.created",
      ]);
      const before = receiver.received.length;
      const conversion = await sale();
      expect(await deliver()).toBe(3);
      const got = receiver.received.slice(before);
      expect(got.map((d) => d.event.type).sort()).toEqual([
        "commission.created",
        "conversion.attributed",
        "conversion.recorded",
      ]);
      for (const delivery of got) {
        const event = verifyWebhook(delivery.body, delivery.signature, ep.secret, {
          now: nowSeconds(),
        });
        expect(event).toMatchObject({ object: "event", mode: "test" });
      }
      const recorded = got.find((d) => d.event.type === "conversion.recorded");
      expect(recorded?.event.data.object.id).toBe(conversion.id);
      const created = got.find((d) => d.event.type === "commission.created");
      expect(created?.event.data.object.id).toBe(conversion.commission.id);

      const one = got[0]!;
      expect(() =>
        verifyWebhook(`${one.body} `, one.signature, ep.secret, { now: nowSeconds() }),
      ).toThrow(WebhookSignatureError);
      expect(() =>
        verifyWebhook(one.body, one.signature, "whsec_other", { now: nowSeconds() }),
      ).toThrow(WebhookSignatureError);
      // A captured delivery replayed ten minutes later is refused.
      expect(() =>
        verifyWebhook(one.body, one.signature, ep.secret, { now: nowSeconds() + 600 }),
      ).toThrow(/timestamp/);
      expect(() => verifyWebhook(one.body, undefined, ep.secret)).toThrow(WebhookSignatureError);
      // Delivered: a second pass sends nothing again.
      expect(await deliver()).toBe(0);
      await disable(ep.id);
    },
  );

  it.runIf(available)(
    "a receiver that fails three times gets the event again after each backoff, then it is delivered",
    async () => {
      const ep = await endpoint(["conversion.recorded"]);
      receiver.answers.push(500, 503, 502);
      const before = receiver.received.length;
      await sale();
      const backoffs = [MINUTE, 2 * MINUTE, 4 * MINUTE];
      expect(await deliver()).toBe(1);
      for (const wait of backoffs) {
        // Not before its time.
        h.clock.advance(wait - 1000);
        expect(await deliver()).toBe(0);
        h.clock.advance(1000);
        expect(await deliver()).toBe(1);
      }
      const got = receiver.received.slice(before);
      expect(got).toHaveLength(4);
      expect(new Set(got.map((d) => d.event.id)).size).toBe(1);

      const list = await h.get(`/api/v1/webhook-deliveries?endpoint_id=${ep.id}`, {
        key: h.merchant.keys.sk_test,
      });
      expect(list.body.data).toHaveLength(1);
      const detail = await h.get(`/api/v1/webhook-deliveries/${list.body.data[0].id}`, {
        key: h.merchant.keys.sk_test,
      });
      expect(detail.body).toMatchObject({
        status: "delivered",
        attempts: 4,
        last_status_code: 200,
        event: { id: got[0]?.event.id, type: "conversion.recorded" },
      });
      expect(detail.body.attempt_log.map((a: { status_code: number }) => a.status_code)).toEqual([
        500, 503, 502, 200,
      ]);

      // Resent from the API: the same event once more.
      const resent = await h.post(`/api/v1/webhook-deliveries/${list.body.data[0].id}/resend`, {
        key: h.merchant.keys.sk_test,
      });
      expect(resent.status).toBe(202);
      expect(resent.body.status).toBe("pending");
      expect(await deliver()).toBe(1);
      expect(receiver.received.at(-1)?.event.id).toBe(got[0]?.event.id);
      await disable(ep.id);
    },
  );

  it.runIf(available)(
    "retries stop three days after the event: failed, every attempt kept",
    async () => {
      const ep = await endpoint(["conversion.recorded"]);
      receiver.answers.push(...Array.from({ length: 40 }, () => 500));
      await sale();
      const start = h.clock.now().getTime();
      let attempts = 0;
      for (let i = 0; i < 40; i++) {
        attempts += await deliver();
        h.clock.advance(6 * HOUR_MS);
      }
      receiver.answers.length = 0;
      const list = await h.get(`/api/v1/webhook-deliveries?endpoint_id=${ep.id}`, {
        key: h.merchant.keys.sk_test,
      });
      const delivery = list.body.data[0];
      expect(delivery.status).toBe("failed");
      const detail = await h.get(`/api/v1/webhook-deliveries/${delivery.id}`, {
        key: h.merchant.keys.sk_test,
      });
      expect(detail.body.attempt_log).toHaveLength(attempts);
      expect(attempts).toBeGreaterThan(8);
      const last = Date.parse(detail.body.attempt_log.at(-1).created_at);
      expect(last - start).toBeLessThanOrEqual(3 * DAY_MS);
      await disable(ep.id);
    },
  );

  it.runIf(available)(
    "a test-mode event never reaches a live endpoint, nor the reverse",
    async () => {
      const live = await startWebhookReceiver();
      try {
        const types = ["conversion.recorded", "partner.updated"];
        const testEp = await endpoint(types);
        const liveEp = await endpoint(types, h.merchant.keys.sk_live, live.url);
        const before = receiver.received.length;
        await sale();
        await h.patch(`/api/v1/partners/${h.partner.id}`, {
          key: h.merchant.keys.sk_test,
          body: { name: "Renamed in test" },
        });
        await deliver();
        expect(live.received).toHaveLength(0);
        expect(receiver.received.slice(before).map((d) => d.event.mode)).toEqual(["test", "test"]);

        await sale({ pk: h.merchant.keys.pk_live, sk: h.merchant.keys.sk_live });
        await deliver();
        expect(live.received.map((d) => [d.event.type, d.event.mode])).toEqual([
          ["conversion.recorded", "live"],
        ]);
        expect(receiver.received.slice(before)).toHaveLength(2);
        await disable(testEp.id);
        await disable(liveEp.id, h.merchant.keys.sk_live);
      } finally {
        await live.close();
      }
    },
  );

  it.runIf(available)(
    "reports the lifecycle: commission.reversed, commission.due, commission.paid, partner.updated",
    async () => {
      const ep = await endpoint([
        "commission.reversed",
        "commission.due",
        "commission.paid",
        "partner.updated",
      ]);
      const before = receiver.received.length;
      const partner = await h.createPartner({ ref: `wh${dialect}` });
      const conversion = await sale({ ref: partner.ref });
      await h.post(`/api/v1/conversions/${conversion.id}/refunds`, {
        key: h.merchant.keys.sk_test,
        body: { amount_cents: 100 },
      });
      h.clock.advance(31 * DAY_MS);
      const paid = await h.post("/api/v1/payouts", {
        key: h.merchant.keys.sk_test,
        body: { reference: `WH-${dialect}`, partner_ids: [partner.id] },
      });
      expect(paid.status).toBe(201);
      await h.patch(`/api/v1/partners/${partner.id}`, {
        key: h.merchant.keys.sk_test,
        body: { status: "suspended" },
      });
      await deliver();
      const got = receiver.received.slice(before).map((d) => d.event);
      expect(got.map((e) => e.type)).toEqual(
        expect.arrayContaining([
          "commission.reversed",
          "commission.due",
          "commission.paid",
          "partner.updated",
        ]),
      );
      const paidEvent = got.find((e) => e.type === "commission.paid");
      expect(paidEvent?.data.object).toMatchObject({
        id: conversion.commission.id,
        status: "paid",
        payout_id: paid.body.id,
      });
      expect(got.find((e) => e.type === "partner.updated")?.data.object).toMatchObject({
        id: partner.id,
        status: "suspended",
      });
      await disable(ep.id);
    },
  );
});

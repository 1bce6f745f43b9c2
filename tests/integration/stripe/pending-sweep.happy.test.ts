// The periodic pass over kept Stripe events: it applies what can be applied now (a wake-up lost
// to a crash), gives up what was kept longer than the configured age — an audit entry either
// way — and records a session that waited an hour for its subscription's click id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../../server/lib/clock";
import { startPendingSweeper, sweepPendingEvents } from "../../../server/stripe/pending-sweep";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import {
  chargeRefunded,
  checkoutSession,
  connectStripe,
  deliver,
  stripeEvent,
  withExpandedCustomer,
} from "../../support/stripe-events";
import { auditOfEvent, commissionOf, conversionsOf } from "../../support/stripe-tables";

const dialects = await dialectsUnderTest();
const WEEK = 7 * DAY_MS;

let ip = 0;
const nextIp = () => {
  ip += 1;
  return `198.19.${ip >> 8}.${ip & 255}`;
};

describe.each(dialects)(
  "the periodic pass over kept Stripe events ($dialect)",
  ({ dialect, available }) => {
    let h: Harness;
    beforeAll(async () => {
      if (!available) return;
      h = await createHarness({ dialect });
      await connectStripe(h);
    });
    afterAll(async () => h?.close());

    const refundOf = (paymentIntent: string, amountRefunded = 4900) =>
      chargeRefunded(h, {
        chargeId: `ch_${paymentIntent.slice(3)}`,
        paymentIntent,
        amount: 4900,
        amountRefunded,
      });

    it.runIf(available)(
      "keeps an event until the configured age, then gives it up with an audit entry",
      async () => {
        const refund = refundOf(`pi_sweepExpire${nextIp().replaceAll(".", "")}`);
        expect((await deliver(h, refund)).body.outcome).toBe("pending");

        h.clock.advance(WEEK - HOUR_MS);
        const early = await sweepPendingEvents(h.services, { maxAgeMs: WEEK });
        expect(early.kept).toBeGreaterThanOrEqual(1);
        expect((await auditOfEvent(h, refund.id)).map((a) => a.decision)).toEqual(["pending"]);

        h.clock.advance(2 * HOUR_MS);
        const late = await sweepPendingEvents(h.services, { maxAgeMs: WEEK });
        expect(late.expired).toBeGreaterThanOrEqual(1);
        const entries = await auditOfEvent(h, refund.id);
        expect(entries.map((a) => [a.decision, a.reason])).toEqual([
          ["pending", "REFUND_AWAITING_PAYMENT"],
          ["expired", "REFUND_PAYMENT_UNKNOWN"],
        ]);
        expect(entries[1]!.request_id).toMatch(/^req_/);
        const claim = await h.services.store.db
          .selectFrom("stripe_events")
          .select("outcome")
          .where("event_id", "=", refund.id)
          .executeTakeFirstOrThrow();
        expect(claim.outcome).toBe("expired");
        const kept = await h.services.store.db
          .selectFrom("stripe_pending_events")
          .select("event_id")
          .where("event_id", "=", refund.id)
          .execute();
        expect(kept).toEqual([]);
      },
    );

    it.runIf(available)(
      "applies a kept event whose payment arrived while its wake-up was lost",
      async () => {
        const click = await h.click("demo", { ip: nextIp() });
        const session = checkoutSession(h, { clickId: click.body.click_id });
        const refund = refundOf(session.payment_intent!, 2450);
        expect((await deliver(h, refund)).body.outcome).toBe("pending");
        // The checkout's delivery crashed after its commit, before waking anyone; Stripe's retry
        // then found it done. Simulated by hiding the kept refund from the wake-up.
        await h.services.store.db
          .deleteFrom("stripe_pending_refs")
          .where("event_id", "=", refund.id)
          .execute();
        const recorded = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
        expect(await commissionOf(h, recorded.body.conversion_id)).toMatchObject({
          reversed_amount_cents: 0,
        });

        const report = await sweepPendingEvents(h.services, { maxAgeMs: WEEK });
        expect(report.applied).toBeGreaterThanOrEqual(1);
        expect(await commissionOf(h, recorded.body.conversion_id)).toMatchObject({
          status: "partially_reversed",
          reversed_amount_cents: 490,
        });
        const applied = (await auditOfEvent(h, refund.id)).find((a) => a.action === "refund");
        expect(applied?.request_id).toMatch(/^req_/);
        expect(applied?.request_id).not.toBe(recorded.headers.get("x-request-id"));
      },
    );

    it.runIf(available)(
      "records a session that waited an hour for its subscription's click id with what it has",
      async () => {
        const plain = checkoutSession(h, { mode: "subscription" });
        const session = withExpandedCustomer(plain, {});
        const event = stripeEvent(h, "checkout.session.completed", session);
        expect((await deliver(h, event)).body).toMatchObject({
          outcome: "pending",
          reason: "AWAITING_SUBSCRIPTION_METADATA",
        });
        h.clock.advance(HOUR_MS - 60_000);
        await sweepPendingEvents(h.services, { maxAgeMs: WEEK });
        expect(await conversionsOf(h, plain.id)).toHaveLength(0);

        h.clock.advance(2 * 60_000);
        await sweepPendingEvents(h.services, { maxAgeMs: WEEK });
        const [conversion] = await conversionsOf(h, plain.id);
        expect(conversion).toMatchObject({ status: "unattributed", reason: "CLICK_ID_MISSING" });
        expect((await deliver(h, event)).body.duplicate).toBe(true);
      },
    );

    it.runIf(available)("runs on its own every interval until stopped", async () => {
      const refund = refundOf(`pi_sweepTimer${nextIp().replaceAll(".", "")}`);
      await deliver(h, refund);
      h.clock.advance(WEEK + HOUR_MS);
      const sweeper = startPendingSweeper(h.services, { intervalMs: 20, maxAgeMs: WEEK });
      try {
        await expect
          .poll(async () => (await auditOfEvent(h, refund.id)).map((a) => a.decision), {
            timeout: 10_000,
            interval: 50,
          })
          .toContain("expired");
      } finally {
        await sweeper.stop();
      }
    });
  },
);

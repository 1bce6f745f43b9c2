// Events that arrive before what they refer to are kept, not dropped, and applied when it arrives:
// through the real webhook endpoint, on SQLite and PostgreSQL, also when the two race.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../../server/lib/clock";
import { sweepPendingEvents } from "../../../server/stripe/pending-sweep";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import {
  chargeRefunded,
  checkoutSession,
  connectStripe,
  deliver,
  invoice,
  stripeEvent,
} from "../../support/stripe-events";
import { auditOfEvent, commissionOf, conversionsOf } from "../../support/stripe-tables";

const dialects = await dialectsUnderTest();

let ip = 0;
const nextIp = () => {
  ip += 1;
  return `198.18.${ip >> 8}.${ip & 255}`;
};

describe.each(dialects)(
  "Stripe events kept until what they refer to arrives ($dialect)",
  ({ dialect, available }) => {
    let h: Harness;
    beforeAll(async () => {
      if (!available) return;
      h = await createHarness({ dialect, program: { name: "SaaS", recurring_months: 12 } });
      await connectStripe(h);
    });
    afterAll(async () => h?.close());

    async function sale(amount = 10_000) {
      const click = await h.click("demo", { ip: nextIp() });
      const session = checkoutSession(h, { clickId: click.body.click_id, amount });
      return { session, checkout: stripeEvent(h, "checkout.session.completed", session) };
    }

    const refundOf = (session: { payment_intent: string | null }, amountRefunded: number) =>
      chargeRefunded(h, {
        chargeId: `ch_${session.payment_intent!.slice(3)}`,
        paymentIntent: session.payment_intent!,
        amount: 10_000,
        amountRefunded,
      });

    const keptRows = () =>
      h.services.store.db
        .selectFrom("stripe_pending_events")
        .select("event_id")
        .where("merchant_id", "=", h.merchant.merchant_id)
        .execute();

    it.runIf(available)(
      "keeps a refund that comes before its checkout, and applies it when the checkout comes",
      async () => {
        const { session, checkout } = await sale();
        const refund = refundOf(session, 10_000);

        const early = await deliver(h, refund);
        expect(early.status).toBe(200);
        expect(early.body).toMatchObject({
          duplicate: false,
          outcome: "pending",
          reason: "REFUND_AWAITING_PAYMENT",
        });
        const [kept] = await auditOfEvent(h, refund.id);
        expect(kept).toMatchObject({ action: "stripe_event", decision: "pending" });
        expect(JSON.parse(kept!.facts).waits_for).toContain(session.payment_intent);

        const recorded = await deliver(h, checkout);
        expect(recorded.body).toMatchObject({ outcome: "recorded", reason: "ATTRIBUTED" });
        const conversionId = recorded.body.conversion_id;
        expect(await commissionOf(h, conversionId)).toMatchObject({
          status: "reversed",
          reversed_amount_cents: 2000,
        });
        const applied = (await auditOfEvent(h, refund.id)).find((a) => a.action === "refund");
        // Applied by the checkout's delivery: its request, the refund's own event.
        expect(applied).toMatchObject({
          decision: "reversed",
          reason: "REFUNDED_IN_FULL",
          conversion_id: conversionId,
          request_id: recorded.headers.get("x-request-id"),
        });
        const claim = await h.services.store.db
          .selectFrom("stripe_events")
          .select(["outcome", "conversion_id"])
          .where("event_id", "=", refund.id)
          .executeTakeFirstOrThrow();
        expect(claim).toEqual({ outcome: "refunded", conversion_id: conversionId });
        expect((await keptRows()).map((r) => r.event_id)).not.toContain(refund.id);
        // Its redelivery now finds it done.
        expect((await deliver(h, refund)).body).toMatchObject({
          duplicate: true,
          outcome: "refunded",
        });
      },
    );

    it.runIf(available)(
      "processes a redelivery of a kept event instead of answering it as a duplicate",
      async () => {
        const { session, checkout } = await sale();
        const refund = refundOf(session, 10_000);
        expect((await deliver(h, refund)).body.outcome).toBe("pending");
        // Kept too long: given up by the periodic pass, while its checkout still had not come.
        h.clock.advance(8 * DAY_MS);
        await sweepPendingEvents(h.services, { maxAgeMs: 7 * DAY_MS });
        expect(await auditOfEvent(h, refund.id)).toContainEqual(
          expect.objectContaining({ decision: "expired", reason: "REFUND_PAYMENT_UNKNOWN" }),
        );
        // The merchant sends the checkout at last, then resends the refund from the Dashboard.
        const recorded = await deliver(h, checkout);
        expect(await commissionOf(h, recorded.body.conversion_id)).toMatchObject({
          status: "pending",
        });
        const again = await deliver(h, refund);
        expect(again.body).toMatchObject({
          duplicate: false,
          outcome: "refunded",
          reason: "REFUND_APPLIED",
        });
        expect(await commissionOf(h, recorded.body.conversion_id)).toMatchObject({
          status: "reversed",
        });
        // A redelivery while still waiting is processed too, and stays kept (one audit entry).
        const other = await sale();
        const waiting = refundOf(other.session, 5_000);
        await deliver(h, waiting);
        expect((await deliver(h, waiting)).body).toMatchObject({
          duplicate: false,
          outcome: "pending",
        });
        expect(
          (await auditOfEvent(h, waiting.id)).filter((a) => a.decision === "pending"),
        ).toHaveLength(1);
        await deliver(h, other.checkout);
        expect((await conversionsOf(h, other.session.id))[0]!.refunded_amount_cents).toBe(5_000);
      },
    );

    it.runIf(available)(
      "keeps a renewal that comes before its subscription's checkout, and credits it then",
      async () => {
        const click = await h.click("demo", { ip: nextIp() });
        const session = checkoutSession(h, { mode: "subscription", clickId: click.body.click_id });
        const checkout = stripeEvent(h, "checkout.session.completed", session);
        const anchor = Math.floor(h.clock.now().getTime() / 1000) - 5;
        h.clock.advance(31 * DAY_MS);
        const renewal = invoice(h, {
          subscription: session.subscription!,
          billingReason: "subscription_cycle",
          periodStart: anchor + 31 * 86_400,
        });
        const renewalEvent = stripeEvent(h, "invoice.paid", renewal);

        expect((await deliver(h, renewalEvent)).body).toMatchObject({
          outcome: "pending",
          reason: "RENEWAL_AWAITING_CHECKOUT",
        });
        await deliver(h, checkout);
        const [credited] = await conversionsOf(h, renewal.id);
        expect(credited).toMatchObject({
          event_type: "subscription_renewal",
          status: "attributed",
          reason: "ATTRIBUTED",
        });
        expect(await commissionOf(h, credited!.id)).toMatchObject({ amount_cents: 980 });
        expect((await deliver(h, renewalEvent)).body.duplicate).toBe(true);
      },
    );

    it.runIf(available)(
      "never says FIRST_INVOICE_COUNTED_AT_CHECKOUT before the checkout's conversion exists",
      async () => {
        const click = await h.click("demo", { ip: nextIp() });
        const session = checkoutSession(h, { mode: "subscription", clickId: click.body.click_id });
        const first = stripeEvent(
          h,
          "invoice.paid",
          invoice(h, {
            subscription: session.subscription!,
            id: session.invoice!,
            billingReason: "subscription_create",
          }),
        );
        const early = await deliver(h, first);
        expect(early.body).toMatchObject({
          outcome: "pending",
          reason: "FIRST_INVOICE_AWAITING_CHECKOUT",
        });
        expect((await auditOfEvent(h, first.id)).map((a) => a.reason)).toEqual([
          "FIRST_INVOICE_AWAITING_CHECKOUT",
        ]);

        const recorded = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
        const counted = (await auditOfEvent(h, first.id)).find(
          (a) => a.reason === "FIRST_INVOICE_COUNTED_AT_CHECKOUT",
        );
        expect(counted?.conversion_id).toBe(recorded.body.conversion_id);
        const orphans = await h.services.store.db
          .selectFrom("audit_log")
          .select("id")
          .where("reason", "=", "FIRST_INVOICE_COUNTED_AT_CHECKOUT")
          .where("conversion_id", "is", null)
          .execute();
        expect(orphans).toEqual([]);
      },
    );

    it.runIf(available)(
      "a kept refund racing its checkout is applied exactly once, whoever wins",
      async () => {
        const pairs = await Promise.all(
          Array.from({ length: 12 }, async () => {
            const { session, checkout } = await sale();
            return { session, checkout, refund: refundOf(session, 4_000) };
          }),
        );
        await Promise.all(
          pairs.map(async ({ refund, checkout }, i) => {
            // Half of them: the refund is kept first, then it races its redelivery and the checkout.
            if (i % 2 === 0) await deliver(h, refund);
            await Promise.all([deliver(h, checkout), deliver(h, refund), deliver(h, refund)]);
          }),
        );
        for (const { session } of pairs) {
          const [conversion] = await conversionsOf(h, session.id);
          expect(conversion!.refunded_amount_cents).toBe(4_000);
          const refunds = await h.services.store.db
            .selectFrom("refunds")
            .select("amount_cents")
            .where("conversion_id", "=", conversion!.id)
            .execute();
          expect(refunds).toEqual([{ amount_cents: 4_000 }]);
          expect(await commissionOf(h, conversion!.id)).toMatchObject({
            status: "partially_reversed",
            reversed_amount_cents: 800,
          });
        }
        const leftover = (await keptRows()).filter((row) =>
          pairs.some((p) => p.refund.id === row.event_id),
        );
        expect(leftover).toEqual([]);
        h.clock.advance(HOUR_MS);
      },
    );
  },
);

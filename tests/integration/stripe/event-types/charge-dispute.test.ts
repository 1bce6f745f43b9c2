// charge.dispute.created holds the disputed payment's commission; charge.dispute.closed lost
// reverses it, won releases it — each an audit entry, in either order, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";
import {
  chargeRefunded,
  checkoutSession,
  connectStripe,
  type DisputeStatus,
  deliver,
  dispute,
  stripeEvent,
} from "../../../support/stripe-events";
import { auditOfEvent, commissionOf, conversionsOf } from "../../../support/stripe-tables";

const dialects = await dialectsUnderTest();

let ip = 0;
const nextIp = () => {
  ip += 1;
  return `198.20.${ip >> 8}.${ip & 255}`;
};

describe.each(dialects)("Stripe disputes ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    await connectStripe(h);
  });
  afterAll(async () => h?.close());

  /** An attributed sale of `amount` (20 % commission), and its dispute's events. */
  async function disputedSale(
    options: { amount?: number; currency?: string; clickId?: boolean } = {},
  ) {
    const amount = options.amount ?? 10_000;
    const click = await h.click("demo", { ip: nextIp() });
    const session = checkoutSession(h, {
      amount,
      ...(options.currency ? { currency: options.currency } : {}),
      ...(options.clickId === false ? {} : { clickId: click.body.click_id }),
    });
    const chargeId = `ch_${session.payment_intent!.slice(3)}`;
    const disputeId = `dp_${session.payment_intent!.slice(3)}`;
    const disputeEvent = (type: string, status: DisputeStatus, disputed = amount) =>
      stripeEvent(
        h,
        type,
        dispute(h, {
          id: disputeId,
          charge: chargeId,
          paymentIntent: session.payment_intent!,
          amount: disputed,
          status,
          ...(options.currency ? { currency: options.currency } : {}),
        }),
      );
    return {
      session,
      chargeId,
      disputeId,
      checkout: stripeEvent(h, "checkout.session.completed", session),
      created: (status: DisputeStatus = "needs_response", disputed?: number) =>
        disputeEvent("charge.dispute.created", status, disputed),
      closed: (status: DisputeStatus, disputed?: number) =>
        disputeEvent("charge.dispute.closed", status, disputed),
    };
  }

  it.runIf(available)("created holds the commission; closed lost reverses it", async () => {
    const sale = await disputedSale();
    const conversionId = (await deliver(h, sale.checkout)).body.conversion_id;

    const created = sale.created();
    const held = await deliver(h, created);
    expect(held.body).toMatchObject({
      outcome: "held",
      reason: "DISPUTE_OPENED",
      conversion_id: conversionId,
    });
    expect(await commissionOf(h, conversionId)).toMatchObject({
      status: "held",
      status_before_hold: "pending",
      held_by: sale.disputeId,
      reversed_amount_cents: 0,
    });
    expect((await auditOfEvent(h, created.id))[0]).toMatchObject({
      action: "dispute",
      decision: "held",
      reason: "DISPUTE_OPENED",
      conversion_id: conversionId,
    });
    const listed = await h.get("/api/v1/commissions?status=held", {
      key: h.merchant.keys.sk_test,
    });
    expect(listed.body.data).toContainEqual(
      expect.objectContaining({ conversion_id: conversionId, held_by: sale.disputeId }),
    );

    const closed = sale.closed("lost");
    const lost = await deliver(h, closed);
    expect(lost.body).toMatchObject({ outcome: "reversed", reason: "DISPUTE_LOST" });
    expect(await commissionOf(h, conversionId)).toMatchObject({
      status: "reversed",
      reversed_amount_cents: 2000,
      held_by: null,
      status_before_hold: null,
    });
    const [conversion] = await conversionsOf(h, sale.session.id);
    expect(conversion!.refunded_amount_cents).toBe(10_000);
    expect((await auditOfEvent(h, closed.id))[0]).toMatchObject({
      action: "dispute",
      decision: "reversed",
      reason: "DISPUTE_LOST",
    });
  });

  it.runIf(available)("closed won releases the hold: the commission is as before", async () => {
    const sale = await disputedSale();
    const conversionId = (await deliver(h, sale.checkout)).body.conversion_id;
    await deliver(h, sale.created());
    const closed = sale.closed("won");
    expect((await deliver(h, closed)).body).toMatchObject({
      outcome: "released",
      reason: "DISPUTE_WON",
    });
    expect(await commissionOf(h, conversionId)).toMatchObject({
      status: "pending",
      reversed_amount_cents: 0,
      held_by: null,
    });
    expect((await auditOfEvent(h, closed.id))[0]).toMatchObject({
      action: "dispute",
      decision: "released",
      reason: "DISPUTE_WON",
    });
    expect((await conversionsOf(h, sale.session.id))[0]!.refunded_amount_cents).toBe(0);
  });

  it.runIf(available)(
    "out of order: closed before created ends as in order; the late creation holds nothing",
    async () => {
      for (const outcome of ["lost", "won"] as const) {
        const sale = await disputedSale();
        const conversionId = (await deliver(h, sale.checkout)).body.conversion_id;
        await deliver(h, sale.closed(outcome));
        const late = sale.created();
        expect((await deliver(h, late)).body).toMatchObject({
          outcome: "ignored",
          reason: "DISPUTE_ALREADY_CLOSED",
        });
        expect(await commissionOf(h, conversionId)).toMatchObject(
          outcome === "lost"
            ? { status: "reversed", reversed_amount_cents: 2000, held_by: null }
            : { status: "pending", reversed_amount_cents: 0, held_by: null },
        );
      }
    },
  );

  it.runIf(available)(
    "a dispute that comes before its checkout is kept, then holds the commission",
    async () => {
      const sale = await disputedSale();
      const created = sale.created();
      expect((await deliver(h, created)).body).toMatchObject({
        outcome: "pending",
        reason: "DISPUTE_AWAITING_PAYMENT",
      });
      // Stripe closes the dispute weeks later; both events are kept, in the order made.
      h.clock.advance(60_000);
      const closedEarly = sale.closed("lost");
      expect((await deliver(h, closedEarly)).body.outcome).toBe("pending");
      const conversionId = (await deliver(h, sale.checkout)).body.conversion_id;
      expect(await commissionOf(h, conversionId)).toMatchObject({
        status: "reversed",
        reversed_amount_cents: 2000,
        held_by: null,
      });
      // Both applied once, in the order they were kept.
      expect((await auditOfEvent(h, created.id)).map((a) => a.decision)).toEqual([
        "pending",
        "held",
      ]);
      expect((await auditOfEvent(h, closedEarly.id)).map((a) => a.decision)).toEqual([
        "pending",
        "reversed",
      ]);
    },
  );

  it.runIf(available)(
    "a refund while held keeps the hold; lost takes back what the refund left",
    async () => {
      const sale = await disputedSale();
      const conversionId = (await deliver(h, sale.checkout)).body.conversion_id;
      await deliver(h, sale.created("needs_response", 8_000));
      await deliver(
        h,
        chargeRefunded(h, {
          chargeId: sale.chargeId,
          paymentIntent: sale.session.payment_intent!,
          amount: 10_000,
          amountRefunded: 2_000,
        }),
      );
      expect(await commissionOf(h, conversionId)).toMatchObject({
        status: "held",
        status_before_hold: "partially_reversed",
        reversed_amount_cents: 400,
      });
      await deliver(h, sale.closed("lost", 8_000));
      expect(await commissionOf(h, conversionId)).toMatchObject({
        status: "reversed",
        reversed_amount_cents: 2000,
        held_by: null,
      });
      expect((await conversionsOf(h, sale.session.id))[0]!.refunded_amount_cents).toBe(10_000);
    },
  );

  it.runIf(available)(
    "an inquiry closed without a chargeback (warning_closed) releases the hold",
    async () => {
      const sale = await disputedSale();
      const conversionId = (await deliver(h, sale.checkout)).body.conversion_id;
      await deliver(h, sale.created("warning_needs_response"));
      expect((await deliver(h, sale.closed("warning_closed"))).body).toMatchObject({
        outcome: "released",
        reason: "DISPUTE_WARNING_CLOSED",
      });
      expect(await commissionOf(h, conversionId)).toMatchObject({ status: "pending" });
    },
  );

  it.runIf(available)(
    "a dispute of an unattributed sale holds nothing; lost still counts the money back",
    async () => {
      const sale = await disputedSale({ clickId: false });
      await deliver(h, sale.checkout);
      const created = sale.created();
      expect((await deliver(h, created)).body).toMatchObject({
        outcome: "recorded",
        reason: "DISPUTE_OPENED",
      });
      expect((await auditOfEvent(h, created.id))[0]).toMatchObject({ decision: "not_held" });
      await deliver(h, sale.closed("lost"));
      expect((await conversionsOf(h, sale.session.id))[0]!.refunded_amount_cents).toBe(10_000);
    },
  );

  it.runIf(available)(
    "keeps yen in yen: a lost dispute of ¥5,000 reverses ¥1,000 of commission",
    async () => {
      const sale = await disputedSale({ amount: 5_000, currency: "jpy" });
      const conversionId = (await deliver(h, sale.checkout)).body.conversion_id;
      await deliver(h, sale.created());
      await deliver(h, sale.closed("lost"));
      expect(await commissionOf(h, conversionId)).toMatchObject({
        amount_cents: 1_000,
        reversed_amount_cents: 1_000,
        currency: "JPY",
        status: "reversed",
      });
    },
  );

  it.runIf(available)("ignores a closed event whose dispute is not closed", async () => {
    const sale = await disputedSale();
    await deliver(h, sale.checkout);
    expect((await deliver(h, sale.closed("under_review"))).body).toMatchObject({
      outcome: "ignored",
      reason: "DISPUTE_NOT_CLOSED",
    });
  });
});

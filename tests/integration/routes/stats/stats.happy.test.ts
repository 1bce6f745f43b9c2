import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as statsMigration from "../../../../server/store/migrations/0005_dashboard_stats";
import { convert } from "../../../support/conversions";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";
import { aggregatesAsStored, reasonCounts, recountFromRows } from "../../../support/stats";
import {
  charge,
  checkoutSession,
  connectStripe,
  deliver,
  dispute,
  stripeEvent,
} from "../../../support/stripe-events";

const dialects = await dialectsUnderTest();

describe.each(dialects)("GET /api/v1/stats on $dialect", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await createHarness({ dialect, transport: "socket" });
  });
  afterAll(async () => h?.close());

  it.runIf(available)("counts clicks, conversions and commissions per day, exactly", async () => {
    h.clock.set("2026-03-01T10:00:00.000Z");
    const first = await h.click("demo", { ip: "198.51.100.1" });
    await h.click("demo", { ip: "198.51.100.1" }); // the same visitor: not a new click
    await h.click("demo", { ip: "198.51.100.2" });
    await h.click("demo", { ip: "198.51.100.3", key: h.merchant.keys.pk_live });
    const sale = await convert(h, { click_id: first.body.click_id, amount_cents: 10_000 });
    expect(sale.body.status).toBe("attributed");
    await convert(h, { click_id: null, amount_cents: 500 });
    h.clock.set("2026-03-03T09:00:00.000Z");
    await h.post(`/api/v1/conversions/${sale.body.id}/refunds`, {
      key: h.merchant.keys.sk_test,
      body: { amount_cents: 2_500 },
    });

    const res = await h.get("/api/v1/stats?from=2026-03-01&to=2026-03-03", {
      key: h.merchant.keys.sk_test,
    });
    expect(res.status).toBe(200);
    expect(res.body.days).toEqual([
      {
        date: "2026-03-01",
        clicks: 2,
        conversions: 2,
        attributed_conversions: 1,
        commissions: [{ currency: "EUR", amount_cents: 2_000, reversed_cents: 0 }],
      },
      { date: "2026-03-02", clicks: 0, conversions: 0, attributed_conversions: 0, commissions: [] },
      {
        date: "2026-03-03",
        clicks: 0,
        conversions: 0,
        attributed_conversions: 0,
        commissions: [{ currency: "EUR", amount_cents: 0, reversed_cents: 500 }],
      },
    ]);
    expect(res.body.totals).toMatchObject({ clicks: 2, conversions: 2, attribution_rate: 0.5 });
    expect(res.body.top_partners).toEqual([
      {
        partner_id: h.partner.id,
        clicks: 2,
        conversions: 1,
        attributed_conversions: 1,
        commissions: [{ currency: "EUR", amount_cents: 2_000, reversed_cents: 500 }],
      },
    ]);
    const reasons = Object.fromEntries(res.body.reasons.map((r: any) => [r.reason, r.conversions]));
    expect(reasons).toMatchObject({ ATTRIBUTED: 1, CLICK_ID_MISSING: 1, MODE_MISMATCH: 0 });

    const live = await h.get("/api/v1/stats?from=2026-03-01&to=2026-03-01", {
      key: h.merchant.keys.sk_live,
    });
    expect(live.body.totals.clicks).toBe(1);
    const other = await h.createPartner({ ref: `other${dialect}` });
    const onePartner = await h.get(
      `/api/v1/stats?from=2026-03-01&to=2026-03-03&partner_id=${other.id}`,
      { key: h.merchant.keys.sk_test },
    );
    expect(onePartner.body.totals).toMatchObject({ clicks: 0, conversions: 0 });
  });

  it.runIf(available)("stays exact under concurrent clicks, conversions and refunds", async () => {
    h.clock.set("2026-04-10T23:59:59.000Z");
    const partners = [h.partner, await h.createPartner({ ref: `race${dialect}` })];
    const clicks = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        h.click(partners[i % 2]!.ref, { ip: `203.0.113.${i % 60}` }),
      ),
    );
    const clickIds = clicks.map((c) => c.body.click_id as string);
    const txns = Array.from({ length: 30 }, (_, i) => `race-${dialect}-${i}`);
    const conversions = await Promise.all(
      txns.flatMap((txn, i) => [
        // Each transaction twice at once: one 201, one 409 that must count nothing.
        convert(h, {
          click_id: clickIds[i],
          external_transaction_id: txn,
          currency: i % 3 ? "EUR" : "JPY",
        }),
        convert(h, {
          click_id: clickIds[i],
          external_transaction_id: txn,
          currency: i % 3 ? "EUR" : "JPY",
        }),
      ]),
    );
    expect(conversions.filter((c) => c.status === 201)).toHaveLength(30);
    const created = conversions.filter((c) => c.status === 201).map((c) => c.body.id as string);
    await Promise.all(
      created.slice(0, 10).flatMap((id) => [
        h.post(`/api/v1/conversions/${id}/refunds`, {
          key: h.merchant.keys.sk_test,
          body: { amount_cents: 1_000 },
        }),
        h.post(`/api/v1/conversions/${id}/refunds`, {
          key: h.merchant.keys.sk_test,
          body: { amount_cents: 1_500 },
        }),
      ]),
    );
    expect(await aggregatesAsStored(h)).toEqual(await recountFromRows(h));
    const { recount, stored } = await reasonCounts(h);
    expect(stored).toEqual(recount);
  });

  it.runIf(available)(
    "counts Stripe's deliveries: events kept until their checkout, a lost dispute's reversal",
    async () => {
      await connectStripe(h);
      h.clock.set("2026-05-02T09:00:00.000Z");
      const click = await h.click("demo", { ip: "198.51.100.77" });
      const sale = checkoutSession(h, { clickId: click.body.click_id });
      const paymentIntent = sale.payment_intent as string;
      const chargeId = `ch_${paymentIntent.slice(3)}`;
      const disputed = (status: "needs_response" | "lost") =>
        dispute(h, { id: `dp_stats_${dialect}`, charge: chargeId, paymentIntent, status });
      const before = await h.get("/api/v1/stats?from=2026-05-01&to=2026-05-31", {
        key: h.merchant.keys.sk_test,
      });
      // The refund and the dispute arrive first and are kept; the checkout applies them.
      const refund = charge(h, { id: chargeId, paymentIntent, amountRefunded: 500 });
      for (const event of [
        stripeEvent(h, "charge.refunded", refund),
        stripeEvent(h, "charge.dispute.created", disputed("needs_response")),
        stripeEvent(h, "checkout.session.completed", sale),
      ]) {
        expect((await deliver(h, event)).status).toBe(200);
      }
      h.clock.advance(86_400_000);
      const lost = await deliver(h, stripeEvent(h, "charge.dispute.closed", disputed("lost")));
      expect(lost.status).toBe(200);
      expect(await aggregatesAsStored(h)).toEqual(await recountFromRows(h));
      const after = await h.get("/api/v1/stats?from=2026-05-01&to=2026-05-31", {
        key: h.merchant.keys.sk_test,
      });
      expect(after.body.totals.conversions).toBe(before.body.totals.conversions + 1);
      // Refunded with the checkout, the rest taken back the next day by the lost dispute.
      const [commission] = (
        await h.get("/api/v1/commissions?limit=1", { key: h.merchant.keys.sk_test })
      ).body.data;
      expect(commission.status).toBe("reversed");
      const reversedOn = (stats: typeof after, date: string): number =>
        stats.body.days
          .find((d: { date: string }) => d.date === date)
          .commissions.reduce(
            (sum: number, c: { reversed_cents: number }) => sum + c.reversed_cents,
            0,
          );
      expect(reversedOn(before, "2026-05-02") + reversedOn(before, "2026-05-03")).toBe(0);
      expect(reversedOn(after, "2026-05-02")).toBeGreaterThan(0);
      expect(reversedOn(after, "2026-05-02") + reversedOn(after, "2026-05-03")).toBe(
        commission.amount_cents,
      );
    },
  );

  it.runIf(available)("the migration's backfill counts what existed before it", async () => {
    const maintained = await aggregatesAsStored(h);
    const db = h.services.store.db as never;
    await statsMigration.down(db);
    await statsMigration.up(db);
    expect(await aggregatesAsStored(h)).toEqual(maintained);
    expect(await aggregatesAsStored(h)).toEqual(await recountFromRows(h));
    const { recount, stored } = await reasonCounts(h);
    expect(stored).toEqual(recount);
  });
});

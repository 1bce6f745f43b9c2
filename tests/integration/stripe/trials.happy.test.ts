// Trials and free periods earn nothing by default: a free start is recorded as `trial_started`
// without commission, commissions start with the first payment above zero (where recurring_months
// start counting), a 100 %-off month earns nothing — on a flat program too — and a program's
// trial_bounty pays a flat amount for the sign-up instead, said so in the audit log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonths } from "../../../server/attribution/decide";
import { DAY_MS, HOUR_MS } from "../../../server/lib/clock";
import type { ProgramInput } from "../../../server/programs/repository";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import {
  checkoutSession,
  connectStripe,
  deliver,
  invoice,
  stripeEvent,
} from "../../support/stripe-events";
import { auditOfEvent, commissionOf, conversionsOf } from "../../support/stripe-tables";

const dialects = await dialectsUnderTest();

let ip = 0;
const TRIAL_START = "2026-04-01T10:00:00.000Z";

describe.each(dialects)("trials and free periods ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    await connectStripe(h);
  });
  afterAll(async () => h?.close());

  /** A program with its approved partner, and a trial subscription started from its link. */
  async function trial(program: Partial<ProgramInput>, trialDays = 14) {
    ip += 1;
    const created = await h.createProgram(program);
    const ref = `trial-${dialect}-${ip}`;
    await h.createPartner({ program_id: created.id, ref });
    h.clock.set(new Date(Date.parse(TRIAL_START) - HOUR_MS));
    const click = await h.click(ref, { ip: `198.21.0.${ip}` });
    h.clock.set(TRIAL_START);
    const session = checkoutSession(h, {
      mode: "subscription",
      amount: 0,
      paymentStatus: "no_payment_required",
      clickId: click.body.click_id,
    });
    const checkout = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    const first = invoice(h, {
      subscription: session.subscription!,
      id: session.invoice!,
      billingReason: "subscription_create",
      amount: 0,
    });
    await deliver(h, stripeEvent(h, "invoice.paid", first));
    const trialEnd = new Date(Date.parse(TRIAL_START) + trialDays * DAY_MS).toISOString();
    /** The invoice of the n-th paid period after the trial (n = 0: the first payment). */
    const period = async (n: number, amount: number) => {
      const start = addMonths(trialEnd, n);
      h.clock.set(new Date(Date.parse(start) + HOUR_MS));
      const paid = invoice(h, {
        subscription: session.subscription!,
        billingReason: "subscription_cycle",
        amount,
        periodStart: Date.parse(start) / 1000,
      });
      const event = stripeEvent(h, "invoice.paid", paid);
      const res = await deliver(h, event);
      expect(res.status).toBe(200);
      const [conversion] = await conversionsOf(h, paid.id);
      return {
        res,
        event,
        conversion: conversion!,
        commission: await commissionOf(h, conversion!.id),
      };
    };
    return { session, checkout, period };
  }

  it.runIf(available)(
    "trial → first payment → free month → paid month: only the payments earn",
    async () => {
      const { session, checkout, period } = await trial({
        name: "Percent",
        commission: { type: "percent", percent: 20 },
        recurring_months: 12,
      });
      const [started] = await conversionsOf(h, session.id);
      expect(started).toMatchObject({
        event_type: "trial_started",
        status: "attributed",
        reason: "ATTRIBUTED",
        amount_cents: 0,
      });
      expect(await commissionOf(h, started!.id)).toBeUndefined();
      expect(checkout.body).toMatchObject({ outcome: "recorded", reason: "ATTRIBUTED" });

      const firstPayment = await period(0, 4900);
      expect(firstPayment.commission).toMatchObject({ amount_cents: 980 });
      const freeMonth = await period(1, 0);
      expect(freeMonth.conversion).toMatchObject({ status: "attributed", amount_cents: 0 });
      expect(freeMonth.commission).toBeUndefined();
      const facts = JSON.parse((await auditOfEvent(h, freeMonth.event.id))[0]!.facts);
      expect(facts).toMatchObject({ earning: "free_period", commission: null });
      const paidAgain = await period(2, 4900);
      expect(paidAgain.commission).toMatchObject({ amount_cents: 980 });
    },
  );

  it.runIf(available)(
    "on a flat program: nothing at sign-up or for a free month, the flat amount per payment",
    async () => {
      const { session, period } = await trial({
        name: "Flat",
        commission: { type: "flat", amount_cents: 500, currency: "EUR" },
        recurring_months: 12,
      });
      const [started] = await conversionsOf(h, session.id);
      expect(await commissionOf(h, started!.id)).toBeUndefined();
      expect((await period(0, 4900)).commission).toMatchObject({
        amount_cents: 500,
        currency: "EUR",
      });
      expect((await period(1, 0)).commission).toBeUndefined();
    },
  );

  it.runIf(available)(
    "a trial bounty pays the sign-up, named in the audit log; payments earn as usual",
    async () => {
      const { session, checkout, period } = await trial({
        name: "Bounty",
        commission: { type: "percent", percent: 10 },
        recurring_months: 12,
        trial_bounty: { amount_cents: 300, currency: "USD" },
      });
      const [started] = await conversionsOf(h, session.id);
      expect(await commissionOf(h, started!.id)).toMatchObject({
        amount_cents: 300,
        currency: "USD",
        status: "pending",
      });
      const audit = await h.get(`/api/v1/audit-log?conversion_id=${started!.id}`, {
        key: h.merchant.keys.sk_test,
      });
      const attribution = audit.body.data.find(
        (entry: { action: string }) => entry.action === "attribution",
      );
      expect(attribution.facts).toMatchObject({
        earning: "trial_bounty",
        trial_bounty: { amount_cents: 300, currency: "USD" },
      });
      expect(checkout.body.conversion_id).toBe(started!.id);
      expect((await period(0, 4900)).commission).toMatchObject({ amount_cents: 490 });
      expect((await period(1, 0)).commission).toBeUndefined();
    },
  );

  it.runIf(available)(
    "recurring_months count from the first paid period: a 3-month trial uses none of them",
    async () => {
      const { period } = await trial(
        { name: "Long trial", commission: { type: "percent", percent: 20 }, recurring_months: 2 },
        90,
      );
      const reasons = [];
      for (const n of [0, 1, 2]) reasons.push((await period(n, 4900)).conversion.reason);
      // Two paid payments earn; the third does not.
      expect(reasons).toEqual(["ATTRIBUTED", "ATTRIBUTED", "ATTRIBUTION_WINDOW_EXPIRED"]);
    },
  );
});

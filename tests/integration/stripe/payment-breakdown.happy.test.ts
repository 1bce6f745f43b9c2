// The commission base of a Stripe payment: the amount without tax (Checkout's
// total_details.amount_tax, the invoice's total_taxes or tax) and, per program, without shipping
// — docs/stripe.md's example, through the webhook — in the currency's own smallest unit (JPY has
// none below the yen, KWD three decimals).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../server/lib/clock";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import {
  checkoutSession,
  connectStripe,
  deliver,
  invoice,
  type Shape,
  stripeEvent,
} from "../../support/stripe-events";
import { auditOfEvent, commissionOf } from "../../support/stripe-tables";

const dialects = await dialectsUnderTest();
let ip = 0;

describe.each(dialects)(
  "the commission base of Stripe payments ($dialect)",
  ({ dialect, available }) => {
    let h: Harness;
    beforeAll(async () => {
      if (!available) return;
      h = await createHarness({ dialect, program: { name: "SaaS", recurring_months: 12 } });
      await connectStripe(h);
    });
    afterAll(async () => h?.close());

    async function clickFor(ref = "demo") {
      ip += 1;
      return (await h.click(ref, { ip: `198.22.0.${ip}` })).body.click_id as string;
    }

    /** docs/stripe.md: €100.00 of goods + €5.00 shipping, 19 % VAT on both: €124.95 paid. */
    const docsExample = { amount: 12_495, tax: 1_995, shipping: { amount: 500, tax: 95 } };

    it.runIf(available)(
      "takes 20 % of €100.00, not of €124.95: tax and shipping are left out",
      async () => {
        const session = checkoutSession(h, { ...docsExample, clickId: await clickFor() });
        const event = stripeEvent(h, "checkout.session.completed", session);
        const res = await deliver(h, event);
        expect(await commissionOf(h, res.body.conversion_id)).toMatchObject({
          amount_cents: 2_000,
          currency: "EUR",
        });
        const facts = JSON.parse(
          (await auditOfEvent(h, event.id)).find((a) => a.action === "attribution")!.facts,
        );
        expect(facts.commission_base).toEqual({
          currency: "EUR",
          amount_cents: 12_495,
          tax_cents: 1_995,
          shipping_cents: 500,
          shipping_included: false,
          base_cents: 10_000,
        });
      },
    );

    it.runIf(available)("counts shipping (never its tax) when the program says so", async () => {
      const program = await h.createProgram({
        name: "Shipping counts",
        commission: { type: "percent", percent: 20 },
        commission_base_includes_shipping: true,
      });
      await h.createPartner({ program_id: program.id, ref: `ship-${dialect}` });
      const session = checkoutSession(h, {
        ...docsExample,
        clickId: await clickFor(`ship-${dialect}`),
      });
      const res = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
      expect(await commissionOf(h, res.body.conversion_id)).toMatchObject({ amount_cents: 2_100 });
    });

    it.runIf(available)(
      "leaves a renewal's tax out in both invoice shapes (total_taxes; tax)",
      async () => {
        for (const shape of ["current", "legacy"] as Shape[]) {
          const session = checkoutSession(h, {
            mode: "subscription",
            amount: 5_831,
            tax: 931,
            clickId: await clickFor(),
          });
          const first = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
          expect(await commissionOf(h, first.body.conversion_id)).toMatchObject({
            amount_cents: 980,
          });
          const anchor = Math.floor(h.clock.now().getTime() / 1000) - 5;
          h.clock.advance(31 * DAY_MS);
          const renewal = invoice(h, {
            subscription: session.subscription!,
            billingReason: "subscription_cycle",
            shape,
            amount: 5_831,
            tax: 931,
            periodStart: anchor + 31 * 86_400,
          });
          const res = await deliver(h, stripeEvent(h, "invoice.paid", renewal, { shape }));
          expect(res.body.reason, shape).toBe("ATTRIBUTED");
          expect(await commissionOf(h, res.body.conversion_id), shape).toMatchObject({
            amount_cents: 980,
          });
        }
      },
    );

    it.runIf(available)(
      "keeps ¥ in yen and KWD in fils: ¥5,500 with ¥500 tax earns ¥1,000; 12.345 KWD earns 2.400",
      async () => {
        const yen = checkoutSession(h, {
          amount: 5_500,
          tax: 500,
          currency: "jpy",
          clickId: await clickFor(),
        });
        const yenRes = await deliver(h, stripeEvent(h, "checkout.session.completed", yen));
        expect(await commissionOf(h, yenRes.body.conversion_id)).toMatchObject({
          amount_cents: 1_000,
          currency: "JPY",
        });
        const dinar = checkoutSession(h, {
          amount: 12_345,
          tax: 345,
          currency: "kwd",
          clickId: await clickFor(),
        });
        const dinarRes = await deliver(h, stripeEvent(h, "checkout.session.completed", dinar));
        expect(await commissionOf(h, dinarRes.body.conversion_id)).toMatchObject({
          amount_cents: 2_400,
          currency: "KWD",
        });
        const conversion = await h.get(`/api/v1/conversions/${yenRes.body.conversion_id}`, {
          key: h.merchant.keys.sk_test,
        });
        expect(conversion.body).toMatchObject({ amount_cents: 5_500, currency: "JPY" });
      },
    );
  },
);

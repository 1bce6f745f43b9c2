// Where a Stripe payment names its click, in the documented order — metadata.aff_click_id,
// client_reference_id, the subscription's metadata (expanded on the session, or on its invoices:
// subscription_details / parent.subscription_details), the customer's metadata — with the source
// in the audit facts. A subscription session naming none itself waits for its invoices.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import {
  checkoutSession,
  connectStripe,
  deliver,
  invoice,
  type Shape,
  stripeEvent,
  withExpandedCustomer,
  withExpandedSubscription,
} from "../../support/stripe-events";
import { auditOfEvent, commissionOf, conversionsOf } from "../../support/stripe-tables";

const dialects = await dialectsUnderTest();
let ip = 0;

describe.each(dialects)(
  "click ids beyond the session's metadata ($dialect)",
  ({ dialect, available }) => {
    let h: Harness;
    beforeAll(async () => {
      if (!available) return;
      h = await createHarness({ dialect, program: { name: "SaaS", recurring_months: 12 } });
      await connectStripe(h);
    });
    afterAll(async () => h?.close());

    async function clickId() {
      ip += 1;
      return (await h.click("demo", { ip: `198.23.0.${ip}` })).body.click_id as string;
    }

    /** The attribution audit entry of an event, with its facts. */
    async function attributionOf(eventId: string) {
      const entry = (await auditOfEvent(h, eventId)).find((a) => a.action === "attribution");
      return { ...entry!, facts: JSON.parse(entry!.facts) };
    }

    it.runIf(available)(
      "reads the expanded subscription's metadata on the session, saying so",
      async () => {
        const session = checkoutSession(h, { mode: "subscription" });
        const event = stripeEvent(
          h,
          "checkout.session.completed",
          withExpandedSubscription(session, { aff_click_id: await clickId() }),
        );
        const res = await deliver(h, event);
        expect(res.body).toMatchObject({ outcome: "recorded", reason: "ATTRIBUTED" });
        expect((await attributionOf(event.id)).facts.click_id_source).toBe(
          "subscription.metadata.aff_click_id",
        );
      },
    );

    it.runIf(available)("reads the expanded customer's metadata last", async () => {
      const session = checkoutSession(h);
      const event = stripeEvent(
        h,
        "checkout.session.completed",
        withExpandedCustomer(
          { ...session, customer: "cus_expanded1" },
          {
            aff_click_id: await clickId(),
          },
        ),
      );
      const res = await deliver(h, event);
      expect(res.body.reason).toBe("ATTRIBUTED");
      expect((await attributionOf(event.id)).facts.click_id_source).toBe(
        "customer.metadata.aff_click_id",
      );
      // The session's own click id comes first when both are there.
      const own = await clickId();
      const both = stripeEvent(
        h,
        "checkout.session.completed",
        withExpandedCustomer(
          { ...checkoutSession(h, { clickId: own }), customer: "cus_expanded2" },
          { aff_click_id: "clk_customerLoses" },
        ),
      );
      await deliver(h, both);
      expect((await attributionOf(both.id)).click_id).toBe(own);
    });

    for (const shape of ["current", "legacy"] as Shape[]) {
      for (const order of ["checkout first", "invoice first"] as const) {
        it.runIf(available)(
          `attributes a subscription whose click id is only in subscription_data.metadata (${shape} invoices, ${order})`,
          async () => {
            const click = await clickId();
            const session = checkoutSession(h, { mode: "subscription" });
            const checkout = stripeEvent(h, "checkout.session.completed", session);
            const first = stripeEvent(
              h,
              "invoice.paid",
              invoice(h, {
                subscription: session.subscription!,
                id: session.invoice!,
                billingReason: "subscription_create",
                shape,
                subscriptionMetadata: { aff_click_id: click },
              }),
              { shape },
            );
            let invoiceAnswer: Record<string, unknown> | undefined;
            if (order === "checkout first") {
              expect((await deliver(h, checkout)).body).toMatchObject({
                outcome: "pending",
                reason: "AWAITING_SUBSCRIPTION_METADATA",
              });
              // The invoice is kept, wakes the session, and the session applies it within the
              // same request: the answer says what was done, not that it was kept.
              invoiceAnswer = (await deliver(h, first)).body;
            } else {
              await deliver(h, first);
              expect((await deliver(h, checkout)).body).toMatchObject({ outcome: "recorded" });
            }
            const [conversion] = await conversionsOf(h, session.id);
            expect(conversion).toMatchObject({
              status: "attributed",
              reason: "ATTRIBUTED",
              click_id: click,
            });
            expect(await commissionOf(h, conversion!.id)).toMatchObject({ amount_cents: 980 });
            if (invoiceAnswer) {
              expect(invoiceAnswer).toMatchObject({
                outcome: "already_counted",
                reason: "FIRST_INVOICE_COUNTED_AT_CHECKOUT",
                conversion_id: conversion!.id,
              });
            }
            expect((await attributionOf(checkout.id)).facts.click_id_source).toBe(
              "subscription.metadata.aff_click_id",
            );
            expect((await auditOfEvent(h, first.id)).at(-1)).toMatchObject({
              reason: "FIRST_INVOICE_COUNTED_AT_CHECKOUT",
              conversion_id: conversion!.id,
            });
          },
        );
      }
    }

    it.runIf(available)(
      "a subscription with no click id anywhere is recorded CLICK_ID_MISSING once its invoice comes",
      async () => {
        const session = checkoutSession(h, { mode: "subscription" });
        const checkout = stripeEvent(h, "checkout.session.completed", session);
        expect((await deliver(h, checkout)).body.outcome).toBe("pending");
        await deliver(
          h,
          stripeEvent(
            h,
            "invoice.paid",
            invoice(h, {
              subscription: session.subscription!,
              id: session.invoice!,
              billingReason: "subscription_create",
            }),
          ),
        );
        const [conversion] = await conversionsOf(h, session.id);
        expect(conversion).toMatchObject({ status: "unattributed", reason: "CLICK_ID_MISSING" });
        expect((await attributionOf(checkout.id)).facts.click_id_source).toBeNull();
      },
    );
  },
);

// Subscriptions started through Stripe Checkout, for the tests of the events that follow one
// (invoice.paid, invoice_payment.paid, charge.refunded).
import { expect } from "vitest";
import type { Harness } from "./harness";
import { checkoutSession, deliver, stripeEvent } from "./stripe-events";

/** A referred visit, then a subscription Checkout Session carrying its click: attributed. */
export async function subscribe(h: Harness, ip: string) {
  const click = await h.click("demo", { ip });
  const session = checkoutSession(h, { mode: "subscription", clickId: click.body.click_id });
  const res = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
  expect(res.body.reason).toBe("ATTRIBUTED");
  return {
    session,
    subscription: session.subscription!,
    firstConversion: res.body.conversion_id as string,
  };
}

/** The commissions of a subscription: its first payment's and its renewals'. */
export function commissionsOfSubscription(
  h: Harness,
  subscription: string,
  firstConversion: string,
) {
  return h.services.store.db
    .selectFrom("conversions")
    .innerJoin("commissions", "commissions.conversion_id", "conversions.id")
    .select([
      "conversions.id",
      "conversions.external_transaction_id",
      "commissions.amount_cents",
      "commissions.reversed_amount_cents",
      "commissions.status",
    ])
    .where("conversions.merchant_id", "=", h.merchant.merchant_id)
    .where((eb) =>
      eb.or([
        eb("conversions.id", "=", firstConversion),
        eb("conversions.metadata", "like", `%${subscription}%`),
      ]),
    )
    .execute();
}

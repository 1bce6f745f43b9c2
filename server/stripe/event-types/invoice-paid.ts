// invoice.paid: a subscription's payment. The first invoice (`subscription_create`) is the
// payment its Checkout Session already recorded: it is linked to that conversion, never counted
// again. Later invoices are renewals, credited through the first conversion while the program's
// recurring_months last; a renewal of zero (a month at 100 % off) earns nothing, and the first
// payment above zero of a subscription that started free is where recurring_months start. An
// invoice of a subscription whose Checkout Session has not arrived yet is kept until it does
// (pending.ts), and wakes a session kept waiting for its subscription's click id. Older API
// versions name the subscription and payment on the invoice (`subscription`, `payment_intent`,
// `charge`), newer ones under `parent` and `payments`.
import { z } from "zod";
import { type ConversionInput, recordRecurringConversion } from "../../conversions/record";
import { merchantScoped } from "../../store/tenant";
import { promotionCodeOfDiscounts } from "../discounts";
import {
  acknowledgeIgnored,
  auditEvent,
  compact,
  conversionContext,
  type EventScope,
  type EventServices,
  type Handled,
  handledConversion,
  type Ignored,
  ignored,
  tenantOf,
} from "../event-context";
import { invoiceDiscountIdsOf, invoicePromotionCodeOf } from "../invoice-promotion-code";
import { linkToConversion, linkToInvoice, refOf } from "../links";
import {
  amountSchema,
  codeSchema,
  describeIssues,
  isoFromUnix,
  optionalIdSchema,
  stripeCurrencySchema,
  stripeIdSchema,
  unixTimeSchema,
} from "../payload";
import {
  invoiceTaxAndShipping,
  invoiceTotalsSchema,
  type TaxAndShipping,
} from "../payment-breakdown";
import { awaitOrPark } from "../pending";
import { findSubscription, notePaidPeriod } from "../subscriptions";
import type { VerifiedEvent } from "../verify";
import { CHECKOUT_EVENT_TYPES } from "./checkout-session-completed";

export const INVOICE_PAID_EVENT_TYPES = ["invoice.paid"] as const;

/** The reason a renewal is kept waiting for its discount's code (pending-sweep.ts bounds it). */
export const RENEWAL_AWAITING_DISCOUNT = "RENEWAL_AWAITING_DISCOUNT";

export interface PaidInvoice {
  kind: "invoice_paid";
  invoiceId: string;
  subscriptionId: string;
  /** `subscription_create` is the first payment, already counted by its Checkout session. */
  firstPayment: boolean;
  billingReason: string | null;
  amountCents: number;
  currency: string;
  /** Tax and shipping within the amount, for the commission base. */
  taxAndShipping: TaxAndShipping;
  customerId: string | null;
  /** Payment intents and charges that paid it, when the payload names them. */
  paymentIds: string[];
  paidAt: string;
  /** The billing period this payment pays for starts here (its subscription line's period). */
  periodStart: string | null;
  /** A promotion code the invoice's discounts name (invoice-promotion-code.ts): its owner may be credited. */
  promotionCodeId: string | null;
  /** Discounts named by bare id (`di_…`): their codes come from customer.discount.* events. */
  discountIds: string[];
}

const paymentSchema = z.object({
  payment_intent: optionalIdSchema,
  charge: optionalIdSchema,
});

const lineSchema = z.object({
  type: codeSchema.nullish(),
  proration: z.boolean().nullish(),
  period: z.object({ start: unixTimeSchema }).nullish(),
  parent: z
    .object({
      subscription_item_details: z.object({ proration: z.boolean().nullish() }).nullish(),
    })
    .nullish(),
});

const invoiceSchema = invoiceTotalsSchema.extend({
  id: stripeIdSchema,
  // Before 2025-03-31 (basil): on the invoice; since: under parent.subscription_details.
  subscription: optionalIdSchema,
  parent: z
    .object({
      subscription_details: z.object({ subscription: optionalIdSchema }).nullish(),
    })
    .nullish(),
  billing_reason: codeSchema.nullish(),
  amount_paid: amountSchema,
  currency: stripeCurrencySchema,
  customer: optionalIdSchema,
  payment_intent: optionalIdSchema,
  charge: optionalIdSchema,
  payments: z
    .object({
      data: z.array(z.object({ status: codeSchema.nullish(), payment: paymentSchema.nullish() })),
    })
    .nullish(),
  status_transitions: z.object({ paid_at: unixTimeSchema.nullish() }).nullish(),
  lines: z.object({ data: z.array(lineSchema) }).nullish(),
});

type Invoice = z.infer<typeof invoiceSchema>;

function subscriptionIdOf(invoice: Invoice): string | null {
  return invoice.subscription ?? invoice.parent?.subscription_details?.subscription ?? null;
}

/** `payment_intent` / `charge` (older versions) or the paid entries of `payments.data`. */
function invoicePaymentIdsOf(invoice: Invoice): string[] {
  const ids = [invoice.payment_intent, invoice.charge];
  for (const entry of invoice.payments?.data ?? []) {
    if (!entry.payment) continue;
    if (entry.status !== undefined && entry.status !== "paid") continue;
    ids.push(entry.payment.payment_intent, entry.payment.charge);
  }
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/**
 * The start of the subscription period an invoice bills: its subscription line's `period.start`
 * (`parent.subscription_item_details` in newer versions, `type: "subscription"` in older ones),
 * prorations left out. Not `invoice.period_start`, which is the previous period.
 */
function subscriptionPeriodStartOf(invoice: Invoice): number | null {
  for (const line of invoice.lines?.data ?? []) {
    if (!line.period) continue;
    const item = line.parent?.subscription_item_details;
    const isSubscriptionLine =
      (item != null && item.proration !== true) ||
      (line.type === "subscription" && line.proration !== true);
    if (isSubscriptionLine) return line.period.start;
  }
  return null;
}

/** Pure: the invoice's payment, or why the event records nothing. */
export function parseInvoicePaid(event: VerifiedEvent): PaidInvoice | Ignored {
  const parsed = invoiceSchema.safeParse(event.object);
  if (!parsed.success) {
    return ignored("MALFORMED_OBJECT", `The invoice: ${describeIssues(parsed.error)}.`);
  }
  const invoice = parsed.data;
  const subscriptionId = subscriptionIdOf(invoice);
  if (!subscriptionId) {
    return ignored(
      "NOT_A_SUBSCRIPTION_INVOICE",
      "A one-off invoice: only subscription payments earn recurring commissions.",
    );
  }
  const periodStart = subscriptionPeriodStartOf(invoice);
  const billingReason = invoice.billing_reason ?? null;
  return {
    kind: "invoice_paid",
    invoiceId: invoice.id,
    subscriptionId,
    firstPayment: billingReason === "subscription_create",
    billingReason,
    amountCents: invoice.amount_paid,
    currency: invoice.currency,
    taxAndShipping: invoiceTaxAndShipping(invoice),
    customerId: invoice.customer,
    paymentIds: invoicePaymentIdsOf(invoice),
    paidAt: isoFromUnix(invoice.status_transitions?.paid_at ?? event.created),
    periodStart: periodStart === null ? null : isoFromUnix(periodStart),
    promotionCodeId: invoicePromotionCodeOf(event.object),
    discountIds: invoiceDiscountIdsOf(event.object),
  };
}

export async function handleInvoicePaid(
  services: EventServices,
  scope: EventScope,
): Promise<Handled> {
  const invoice = parseInvoicePaid(scope.event);
  if (invoice.kind === "ignored") return acknowledgeIgnored(services, scope, invoice);
  const tenant = tenantOf(services, scope);
  const facts = {
    invoice_id: invoice.invoiceId,
    subscription_id: invoice.subscriptionId,
    billing_reason: invoice.billingReason,
    amount_cents: invoice.amountCents,
    currency: invoice.currency,
  };

  if (invoice.firstPayment) {
    // The payment may arrive before the session's event: point it at the invoice, which the
    // session links to its conversion.
    await linkToInvoice(tenant, services.clock, invoice.paymentIds.map(refOf), invoice.invoiceId);
  }
  const found = await awaitOrPark(
    services,
    scope,
    {
      waitsOn: [invoice.subscriptionId],
      reason: invoice.firstPayment
        ? "FIRST_INVOICE_AWAITING_CHECKOUT"
        : "RENEWAL_AWAITING_CHECKOUT",
      detail:
        "No checkout.session.completed for this subscription has arrived yet: the invoice is kept and applied when it does (only subscriptions started through Checkout earn recurring commissions).",
      facts,
      // A session kept waiting for its subscription's click id finds it on this invoice.
      wake: { ids: [invoice.subscriptionId], types: CHECKOUT_EVENT_TYPES },
    },
    () => findSubscription(tenant, invoice.subscriptionId),
  );
  if (found.kind === "parked") return found.handled;
  if (found.kind === "expired") {
    await auditEvent(services, scope, "expired", "SUBSCRIPTION_NOT_FROM_CHECKOUT", {
      externalTransactionId: invoice.invoiceId,
      facts: {
        ...facts,
        detail:
          "No checkout.session.completed for this subscription was received while the invoice was kept: only subscriptions started through Checkout earn recurring commissions. A redelivery of the event tries again.",
      },
    });
    return { outcome: "expired", reason: "SUBSCRIPTION_NOT_FROM_CHECKOUT", conversionId: null };
  }
  const subscription = found.value;
  const paymentRefs = [invoice.invoiceId, ...invoice.paymentIds];

  if (invoice.firstPayment) {
    const conversionId = subscription.first_conversion_id;
    await linkToConversion(tenant, services.clock, [refOf(invoice.invoiceId)], conversionId);
    await auditEvent(services, scope, "already_counted", "FIRST_INVOICE_COUNTED_AT_CHECKOUT", {
      conversionId,
      externalTransactionId: invoice.invoiceId,
      facts,
    });
    return {
      outcome: "already_counted",
      reason: "FIRST_INVOICE_COUNTED_AT_CHECKOUT",
      conversionId,
      wake: { ids: paymentRefs },
    };
  }

  const promotionCode = await renewalPromotionCode(services, scope, invoice, facts);
  if (promotionCode.kind === "parked") return promotionCode.handled;

  const periodStart = invoice.periodStart ?? invoice.paidAt;
  // A subscription that started free (a trial) starts counting recurring_months here.
  const paidFrom =
    invoice.amountCents > 0
      ? await notePaidPeriod(tenant, subscription, periodStart)
      : subscription.paid_from;
  const input: ConversionInput = {
    event_type: "subscription_renewal",
    external_transaction_id: invoice.invoiceId,
    amount_cents: invoice.amountCents,
    currency: invoice.currency,
    customer_id: invoice.customerId,
    occurred_at: invoice.paidAt,
    metadata: compact({
      stripe_event_id: scope.event.id,
      stripe_invoice: invoice.invoiceId,
      stripe_subscription: invoice.subscriptionId,
      billing_reason: invoice.billingReason,
    }),
    payment: { ...invoice.taxAndShipping, starts_subscription: false },
    promotion_code: promotionCode.promotionCodeId,
  };
  const outcome = await recordRecurringConversion(services, conversionContext(scope), input, {
    firstConversionId: subscription.first_conversion_id,
    periodStart,
    ...(paidFrom ? { recurringFrom: paidFrom } : {}),
  });
  // The subscription row names a conversion of this merchant and mode; it cannot be missing.
  if (outcome.kind === "first_conversion_not_found") {
    throw new Error(`subscription ${invoice.subscriptionId}: its first conversion is gone`);
  }
  const handled = await handledConversion(services, scope, outcome);
  if (handled.conversionId) {
    await linkToConversion(tenant, services.clock, paymentRefs.map(refOf), handled.conversionId);
  }
  return { ...handled, wake: { ids: paymentRefs } };
}

/**
 * The renewal's promotion code: the one its discounts name, else the one the customer.discount.*
 * events named for its bare discount ids. While one of those discounts is unknown (Stripe does
 * not promise its event first) the invoice is kept until it arrives, at most
 * DISCOUNT_MAX_WAIT_MS (pending-sweep.ts), then recorded without a code. Only when the merchant
 * has promotion codes of partners at all: otherwise no code could credit anybody.
 */
async function renewalPromotionCode(
  services: EventServices,
  scope: EventScope,
  invoice: PaidInvoice,
  facts: Record<string, unknown>,
): Promise<
  { kind: "code"; promotionCodeId: string | null } | { kind: "parked"; handled: Handled }
> {
  if (invoice.promotionCodeId || invoice.discountIds.length === 0) {
    return { kind: "code", promotionCodeId: invoice.promotionCodeId };
  }
  const anyCode = await merchantScoped(services.store.db, scope.merchantId)
    .selectFrom("partner_promotion_codes")
    .select("promotion_code_id")
    .limit(1)
    .executeTakeFirst();
  if (!anyCode) return { kind: "code", promotionCodeId: null };
  const tenant = tenantOf(services, scope);
  const found = await awaitOrPark(
    services,
    scope,
    {
      waitsOn: invoice.discountIds,
      reason: RENEWAL_AWAITING_DISCOUNT,
      detail:
        "The invoice names its discounts by id only, and no customer.discount.created or .updated event has named their promotion code yet: the invoice is kept and applied when one does (at most an hour, then recorded without a code).",
      facts: { ...facts, discount_ids: invoice.discountIds },
    },
    () => promotionCodeOfDiscounts(tenant, invoice.discountIds),
  );
  if (found.kind === "parked") return found;
  return {
    kind: "code",
    promotionCodeId: found.kind === "found" ? found.value.promotionCodeId : null,
  };
}

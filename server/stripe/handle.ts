// Acting on a verified Stripe event, once: claim the event id, turn the payload into facts
// (parse.ts), then record the conversion, the renewal or the refund through the same functions
// the Conversion API uses. Every decision lands in the audit log with the event id and the
// request id; event types Selgeo does not use are acknowledged and only noted in stripe_events.
import { writeAuditEntry } from "../audit/write";
import { ApiError } from "../contract/errors";
import {
  type ConversionContext,
  type ConversionInput,
  recordConversion,
  recordRecurringConversion,
} from "../conversions/record";
import { refundConversion } from "../conversions/refund";
import { findConversion } from "../conversions/repository";
import type { Services } from "../services";
import { claimEvent, finishEvent, releaseEvent } from "./events";
import { linkToConversion, linkToInvoice, refOf, resolveConversion, type Scope } from "./links";
import {
  type ChargeRefund,
  type CheckoutPurchase,
  HANDLED_EVENT_TYPES,
  type InvoicePayment,
  type PaidInvoice,
  parseStripeEvent,
} from "./parse";
import { findSubscription, saveSubscription } from "./subscriptions";
import type { Verification, VerifiedEvent } from "./verify";

type WebhookOutcome =
  | "recorded"
  | "duplicate"
  | "already_counted"
  | "refunded"
  | "linked"
  | "ignored";

export interface WebhookResult {
  /** The event id was received before: nothing was done again. */
  duplicate: boolean;
  outcome: string;
  reason?: string;
  conversion_id?: string;
}

interface EventScope extends Scope {
  requestId: string;
  event: VerifiedEvent;
}

interface Handled {
  outcome: WebhookOutcome;
  reason: string;
  conversionId: string | null;
}

const HANDLED: ReadonlySet<string> = new Set(HANDLED_EVENT_TYPES);

/** Cap on re-reading a charge's refunded total when another delivery refunds it concurrently. */
const REFUND_ATTEMPTS = 5;

export async function handleStripeEvent(
  services: Services,
  request: { merchantId: string; requestId: string },
  { event, mode }: Verification,
): Promise<WebhookResult> {
  const { db } = services.store;
  const scope: EventScope = { ...request, mode, event };
  const key = { merchantId: request.merchantId, eventId: event.id };
  const claim = await claimEvent(db, services.clock, {
    ...key,
    mode,
    type: event.type,
    requestId: request.requestId,
  });
  if (!claim.claimed) {
    if (HANDLED.has(event.type)) {
      await audit(services, scope, "duplicate_delivery", "EVENT_ALREADY_RECEIVED", {
        conversionId: claim.first.conversion_id,
        facts: {
          first_request_id: claim.first.request_id,
          first_received_at: claim.first.received_at,
          first_outcome: claim.first.outcome,
        },
      });
    }
    return {
      duplicate: true,
      outcome: claim.first.outcome,
      ...(claim.first.conversion_id ? { conversion_id: claim.first.conversion_id } : {}),
    };
  }

  let handled: Handled;
  try {
    handled = await dispatch(services, scope);
  } catch (error) {
    // Stripe retries a failed delivery; the retry must find the event unclaimed.
    await releaseEvent(db, { ...key, requestId: request.requestId }).catch((releaseError) =>
      services.logger.error(
        { err: releaseError, event_id: key },
        "stripe event could not be released",
      ),
    );
    throw error;
  }
  try {
    await finishEvent(db, key, handled.outcome, handled.conversionId);
  } catch (error) {
    // The event's effects are committed: answer 200 so Stripe stops retrying, and leave the
    // claim for the lease to expire rather than count the event twice.
    services.logger.error({ err: error, event_id: key }, "stripe event outcome not recorded");
  }
  return {
    duplicate: false,
    outcome: handled.outcome,
    reason: handled.reason,
    ...(handled.conversionId ? { conversion_id: handled.conversionId } : {}),
  };
}

async function dispatch(services: Services, scope: EventScope): Promise<Handled> {
  const action = parseStripeEvent(scope.event);
  switch (action.kind) {
    case "checkout":
      return handleCheckout(services, scope, action.purchase);
    case "invoice_paid":
      return handleInvoicePaid(services, scope, action.invoice);
    case "invoice_payment":
      return handleInvoicePayment(services, scope, action.payment);
    case "charge_refunded":
      return handleChargeRefunded(services, scope, action.refund);
    case "ignored":
      // Types Selgeo never uses are not decisions about a sale: no audit entry for them.
      if (action.reason !== "EVENT_TYPE_NOT_HANDLED") {
        await audit(services, scope, "ignored", action.reason, {
          facts: { detail: action.detail },
        });
      }
      return { outcome: "ignored", reason: action.reason, conversionId: null };
  }
}

function conversionContext(scope: EventScope): ConversionContext {
  return {
    merchantId: scope.merchantId,
    mode: scope.mode,
    requestId: scope.requestId,
    source: "stripe",
    stripeEventId: scope.event.id,
  };
}

/**
 * CONVERSION_DUPLICATE is not an error for a webhook: the sale was already counted (through the
 * Conversion API with the session id as its transaction id, or by an earlier delivery). Stripe
 * gets its 200 and the existing conversion is used for the links that follow.
 */
async function recordOnce(
  services: Services,
  scope: EventScope,
  record: () => Promise<{ conversion: { id: string }; decision: { reason: string } }>,
): Promise<Handled> {
  try {
    const recorded = await record();
    return {
      outcome: "recorded",
      reason: recorded.decision.reason,
      conversionId: recorded.conversion.id,
    };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "CONVERSION_DUPLICATE") throw error;
    const conversionId = String(error.details?.conversion_id);
    await audit(services, scope, "duplicate", "CONVERSION_DUPLICATE", {
      conversionId,
      externalTransactionId: String(error.details?.external_transaction_id ?? ""),
      facts: { detail: "The transaction was already reported; the existing conversion stands." },
    });
    return { outcome: "duplicate", reason: "CONVERSION_DUPLICATE", conversionId };
  }
}

async function handleCheckout(
  services: Services,
  scope: EventScope,
  purchase: CheckoutPurchase,
): Promise<Handled> {
  const input: ConversionInput = {
    click_id: purchase.clickId,
    event_type: purchase.sessionMode === "subscription" ? "subscription" : "purchase",
    external_transaction_id: purchase.sessionId,
    amount_cents: purchase.amountCents,
    currency: purchase.currency,
    customer_id: purchase.customerId,
    occurred_at: purchase.occurredAt,
    metadata: compact({
      stripe_event_id: scope.event.id,
      stripe_checkout_session: purchase.sessionId,
      stripe_payment_link: purchase.paymentLinkId,
      stripe_subscription: purchase.subscriptionId,
      click_id_source: purchase.clickIdSource,
    }),
  };
  const handled = await recordOnce(services, scope, () =>
    recordConversion(services, conversionContext(scope), input),
  );
  const conversionId = handled.conversionId;
  if (!conversionId) return handled;

  const { db } = services.store;
  const refs = [purchase.sessionId, purchase.paymentIntentId, purchase.invoiceId]
    .filter((id): id is string => id !== null)
    .map(refOf);
  await linkToConversion(db, services.clock, scope, refs, conversionId);
  if (purchase.subscriptionId) {
    await saveSubscription(db, services.clock, scope, {
      subscriptionId: purchase.subscriptionId,
      firstConversionId: conversionId,
      startedAt: purchase.occurredAt,
    });
  }
  return handled;
}

/**
 * The first invoice of a subscription (`subscription_create`) is the payment its Checkout
 * Session already recorded: it is linked to that conversion, never counted again. Later
 * invoices are renewals, credited through the first conversion while recurring_months last.
 */
async function handleInvoicePaid(
  services: Services,
  scope: EventScope,
  invoice: PaidInvoice,
): Promise<Handled> {
  const { db } = services.store;
  const subscription = await findSubscription(db, scope, invoice.subscriptionId);
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
    await linkToInvoice(
      db,
      services.clock,
      scope,
      invoice.paymentIds.map(refOf),
      invoice.invoiceId,
    );
    const conversionId = subscription?.first_conversion_id ?? null;
    if (conversionId) {
      await linkToConversion(db, services.clock, scope, [refOf(invoice.invoiceId)], conversionId);
    }
    await audit(services, scope, "already_counted", "FIRST_INVOICE_COUNTED_AT_CHECKOUT", {
      conversionId,
      externalTransactionId: invoice.invoiceId,
      facts,
    });
    return {
      outcome: "already_counted",
      reason: "FIRST_INVOICE_COUNTED_AT_CHECKOUT",
      conversionId,
    };
  }

  if (!subscription) {
    await audit(services, scope, "ignored", "SUBSCRIPTION_NOT_FROM_CHECKOUT", {
      externalTransactionId: invoice.invoiceId,
      facts: {
        ...facts,
        detail:
          "No checkout.session.completed for this subscription was received: only subscriptions started through Checkout earn recurring commissions.",
      },
    });
    return { outcome: "ignored", reason: "SUBSCRIPTION_NOT_FROM_CHECKOUT", conversionId: null };
  }

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
  };
  const handled = await recordOnce(services, scope, () =>
    recordRecurringConversion(services, conversionContext(scope), input, {
      firstConversionId: subscription.first_conversion_id,
      ...(invoice.periodStart ? { periodStart: invoice.periodStart } : {}),
    }),
  );
  if (handled.conversionId) {
    const refs = [invoice.invoiceId, ...invoice.paymentIds].map(refOf);
    await linkToConversion(db, services.clock, scope, refs, handled.conversionId);
  }
  return handled;
}

/** Newer API versions name an invoice's payment only here: remember it for refunds. */
async function handleInvoicePayment(
  services: Services,
  scope: EventScope,
  payment: InvoicePayment,
): Promise<Handled> {
  const { db } = services.store;
  await linkToInvoice(db, services.clock, scope, payment.paymentIds.map(refOf), payment.invoiceId);
  return {
    outcome: "linked",
    reason: "PAYMENT_LINKED_TO_INVOICE",
    conversionId: await resolveConversion(db, scope, [payment.invoiceId]),
  };
}

/** Refund slices are keyed by where they start on the charge's running total: `ch_…#1000`. */
function refundSliceId(chargeId: string, fromCents: number): string {
  return `${chargeId}#${fromCents}`;
}

/** What has been refunded so far through this charge's events. */
async function refundedThroughCharge(
  services: Services,
  scope: EventScope,
  conversionId: string,
  chargeId: string,
): Promise<number> {
  const rows = await services.store.db
    .selectFrom("refunds")
    .select(["amount_cents", "external_refund_id"])
    .where("merchant_id", "=", scope.merchantId)
    .where("mode", "=", scope.mode)
    .where("conversion_id", "=", conversionId)
    .execute();
  return rows
    .filter((row) => row.external_refund_id?.startsWith(`${chargeId}#`))
    .reduce((sum, row) => sum + row.amount_cents, 0);
}

/**
 * charge.refunded reports the charge's cumulative `amount_refunded`. The new part is that minus
 * what this charge's earlier events refunded, recorded under the id of the slice's starting
 * point: two events racing for the same slice collide on the refund id (unique), and the loser
 * re-reads the total and refunds only what is left. Redeliveries and out-of-order events
 * therefore never refund twice.
 */
async function handleChargeRefunded(
  services: Services,
  scope: EventScope,
  refund: ChargeRefund,
): Promise<Handled> {
  const { db } = services.store;
  const facts = {
    charge_id: refund.chargeId,
    payment_intent_id: refund.paymentIntentId,
    charge_amount_cents: refund.amountCents,
    amount_refunded_cents: refund.amountRefundedCents,
    currency: refund.currency,
  };
  const ids = [refund.chargeId, refund.paymentIntentId, refund.invoiceId].filter(
    (id): id is string => id !== null,
  );
  const conversionId = await resolveConversion(db, scope, ids);
  const conversion = conversionId
    ? await findConversion(db, scope.merchantId, scope.mode, conversionId)
    : undefined;
  if (!conversion) {
    await audit(services, scope, "ignored", "REFUND_PAYMENT_UNKNOWN", {
      facts: {
        ...facts,
        detail:
          "No conversion recorded from Stripe is paid by this charge (its Checkout Session or invoice was never received, or, on API versions from 2025-03-31, invoice_payment.paid is not sent).",
      },
    });
    return { outcome: "ignored", reason: "REFUND_PAYMENT_UNKNOWN", conversionId: null };
  }
  if (conversion.currency !== refund.currency) {
    await audit(services, scope, "ignored", "REFUND_CURRENCY_MISMATCH", {
      conversionId: conversion.id,
      externalTransactionId: conversion.external_transaction_id,
      facts: { ...facts, conversion_currency: conversion.currency },
    });
    return { outcome: "ignored", reason: "REFUND_CURRENCY_MISMATCH", conversionId: conversion.id };
  }

  for (let attempt = 0; attempt < REFUND_ATTEMPTS; attempt += 1) {
    const before = await refundedThroughCharge(services, scope, conversion.id, refund.chargeId);
    const newCents = refund.amountRefundedCents - before;
    if (newCents <= 0) {
      await audit(services, scope, "already_refunded", "REFUND_ALREADY_APPLIED", {
        conversionId: conversion.id,
        externalTransactionId: conversion.external_transaction_id,
        facts: { ...facts, refunded_through_charge_cents: before },
      });
      return { outcome: "refunded", reason: "REFUND_ALREADY_APPLIED", conversionId: conversion.id };
    }
    const slice = {
      conversionId: conversion.id,
      externalRefundId: refundSliceId(refund.chargeId, before),
    };
    try {
      const result = await refundConversion(services, refundContext(scope), {
        ...slice,
        amountCents: newCents,
      });
      if (result.created) {
        return { outcome: "refunded", reason: "REFUND_APPLIED", conversionId: conversion.id };
      }
      // Another delivery took this slice: re-read the total and refund what is left.
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== "VALIDATION_ERROR") throw error;
      const refundable = Number(error.details?.refundable_cents);
      if (!Number.isSafeInteger(refundable) || refundable <= 0) {
        const reason = refundable === 0 ? "NOTHING_LEFT_TO_REFUND" : "REFUND_REJECTED";
        await audit(services, scope, "ignored", reason, {
          conversionId: conversion.id,
          externalTransactionId: conversion.external_transaction_id,
          facts: { ...facts, detail: error.message },
        });
        return { outcome: "ignored", reason, conversionId: conversion.id };
      }
      // More was refunded on Stripe than remains of the conversion (e.g. part of it had been
      // refunded through the API): refund the rest.
      const result = await refundConversion(services, refundContext(scope), {
        ...slice,
        amountCents: refundable,
      });
      if (result.created) {
        return { outcome: "refunded", reason: "REFUND_APPLIED", conversionId: conversion.id };
      }
    }
  }
  throw new Error(`charge ${refund.chargeId}: refund slices kept colliding`);
}

function refundContext(scope: EventScope) {
  return {
    merchantId: scope.merchantId,
    mode: scope.mode,
    requestId: scope.requestId,
    stripeEventId: scope.event.id,
  };
}

async function audit(
  services: Services,
  scope: EventScope,
  decision: string,
  reason: string,
  entry: {
    conversionId?: string | null;
    externalTransactionId?: string | null;
    facts: Record<string, unknown>;
  },
): Promise<void> {
  await writeAuditEntry(services.store.db, services.clock, {
    merchantId: scope.merchantId,
    mode: scope.mode,
    requestId: scope.requestId,
    action: "stripe_event",
    decision,
    reason,
    conversionId: entry.conversionId ?? null,
    externalTransactionId: entry.externalTransactionId ?? null,
    stripeEventId: scope.event.id,
    facts: { event_type: scope.event.type, livemode: scope.event.livemode, ...entry.facts },
  });
}

function compact(values: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

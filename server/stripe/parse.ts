// Stripe objects → neutral facts this service acts on. Pure: no I/O, no clock. Payloads come in
// the shape of the API version the merchant's endpoint was created with, so both the older
// invoice fields (`subscription`, `payment_intent`, `charge`) and the newer ones
// (`parent.subscription_details.subscription`, `payments`) are read.
import type { VerifiedEvent } from "./verify";

/** The event types this service acts on; every other type is acknowledged and ignored. */
export const HANDLED_EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "invoice.paid",
  "invoice_payment.paid",
  "charge.refunded",
] as const;

/** Stripe's `client_reference_id` limit, also the longest click id worth looking up. */
const MAX_CLICK_ID_LENGTH = 200;

export interface CheckoutPurchase {
  sessionId: string;
  sessionMode: "payment" | "subscription";
  clickId: string | null;
  clickIdSource: "metadata.aff_click_id" | "client_reference_id" | null;
  amountCents: number;
  /** ISO 4217, upper case. */
  currency: string;
  customerId: string | null;
  paymentLinkId: string | null;
  paymentIntentId: string | null;
  subscriptionId: string | null;
  /** The subscription's first invoice, paid by this session. */
  invoiceId: string | null;
  occurredAt: string;
}

export interface PaidInvoice {
  invoiceId: string;
  subscriptionId: string;
  /** `subscription_create` is the first payment, already counted by its Checkout session. */
  firstPayment: boolean;
  billingReason: string | null;
  amountCents: number;
  currency: string;
  customerId: string | null;
  /** Payment intents and charges that paid it, when the payload names them. */
  paymentIds: string[];
  paidAt: string;
  /** The billing period this payment pays for starts here (its subscription line's period). */
  periodStart: string | null;
}

export interface InvoicePayment {
  invoiceId: string;
  paymentIds: string[];
}

export interface ChargeRefund {
  chargeId: string;
  paymentIntentId: string | null;
  /** Older API versions name the invoice a charge paid. */
  invoiceId: string | null;
  /** Cumulative, as Stripe reports it: everything refunded on this charge so far. */
  amountRefundedCents: number;
  amountCents: number;
  currency: string;
}

export type StripeAction =
  | { kind: "checkout"; purchase: CheckoutPurchase }
  | { kind: "invoice_paid"; invoice: PaidInvoice }
  | { kind: "invoice_payment"; payment: InvoicePayment }
  | { kind: "charge_refunded"; refund: ChargeRefund }
  | { kind: "ignored"; reason: IgnoredReason; detail: string };

export type IgnoredReason =
  | "EVENT_TYPE_NOT_HANDLED"
  | "SETUP_MODE_SESSION"
  | "PAYMENT_NOT_COMPLETED"
  | "NOT_A_SUBSCRIPTION_INVOICE"
  | "MALFORMED_OBJECT";

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Expandable fields are either an id or the object itself. */
function idOf(value: unknown): string | null {
  if (typeof value === "string" && value !== "") return value;
  if (isObj(value) && typeof value.id === "string" && value.id !== "") return value.id;
  return null;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function cents(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function isoFromUnix(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function ignored(reason: IgnoredReason, detail: string): StripeAction {
  return { kind: "ignored", reason, detail };
}

/** `metadata.aff_click_id` (Checkout created by the merchant), else `client_reference_id` (Payment Links). */
export function clickIdOf(session: Obj): Pick<CheckoutPurchase, "clickId" | "clickIdSource"> {
  const metadata = isObj(session.metadata) ? session.metadata : {};
  const candidates: Array<[unknown, CheckoutPurchase["clickIdSource"]]> = [
    [metadata.aff_click_id, "metadata.aff_click_id"],
    [session.client_reference_id, "client_reference_id"],
  ];
  for (const [value, source] of candidates) {
    if (typeof value !== "string") continue;
    const trimmed = value.trim();
    if (trimmed !== "")
      return { clickId: trimmed.slice(0, MAX_CLICK_ID_LENGTH), clickIdSource: source };
  }
  return { clickId: null, clickIdSource: null };
}

export function parseCheckoutSession(event: VerifiedEvent): StripeAction {
  const session = event.object;
  const sessionId = str(session.id);
  if (!sessionId) return ignored("MALFORMED_OBJECT", "The Checkout Session has no id.");
  const mode = session.mode;
  if (mode === "setup") {
    return ignored("SETUP_MODE_SESSION", "A setup-mode Checkout Session takes no payment.");
  }
  if (mode !== "payment" && mode !== "subscription") {
    return ignored("MALFORMED_OBJECT", `Unknown Checkout Session mode ${String(mode)}.`);
  }
  // Delayed methods (SEPA, bank transfers) complete the session unpaid; the payment's own
  // event, checkout.session.async_payment_succeeded, then carries the same session.
  if (session.payment_status === "unpaid") {
    return ignored(
      "PAYMENT_NOT_COMPLETED",
      "The session completed without payment yet; checkout.session.async_payment_succeeded will record it.",
    );
  }
  const amount = cents(session.amount_total);
  const currency = str(session.currency);
  if (amount === null || currency === null) {
    return ignored("MALFORMED_OBJECT", "The Checkout Session has no amount_total or currency.");
  }
  return {
    kind: "checkout",
    purchase: {
      sessionId,
      sessionMode: mode,
      ...clickIdOf(session),
      amountCents: amount,
      currency: currency.toUpperCase(),
      customerId: idOf(session.customer),
      paymentLinkId: idOf(session.payment_link),
      paymentIntentId: idOf(session.payment_intent),
      subscriptionId: idOf(session.subscription),
      invoiceId: idOf(session.invoice),
      occurredAt: isoFromUnix(event.created),
    },
  };
}

/** `invoice.subscription` (before 2025-03-31) or `invoice.parent.subscription_details.subscription`. */
export function subscriptionIdOf(invoice: Obj): string | null {
  const legacy = idOf(invoice.subscription);
  if (legacy) return legacy;
  const parent = isObj(invoice.parent) ? invoice.parent : undefined;
  const details = parent && isObj(parent.subscription_details) ? parent.subscription_details : {};
  return idOf(details.subscription);
}

/** `invoice.payment_intent` / `invoice.charge` (older versions) or `invoice.payments.data[].payment`. */
export function invoicePaymentIdsOf(invoice: Obj): string[] {
  const ids = [idOf(invoice.payment_intent), idOf(invoice.charge)];
  const payments =
    isObj(invoice.payments) && Array.isArray(invoice.payments.data) ? invoice.payments.data : [];
  for (const entry of payments) {
    if (!isObj(entry) || !isObj(entry.payment)) continue;
    if (entry.status !== undefined && entry.status !== "paid") continue;
    ids.push(idOf(entry.payment.payment_intent), idOf(entry.payment.charge));
  }
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/**
 * The start of the subscription period an invoice bills: its subscription line's
 * `period.start` (`parent.subscription_item_details` in newer versions, `type: "subscription"` in
 * older ones), prorations left out. Not `invoice.period_start`, which is the previous period.
 */
export function subscriptionPeriodStartOf(invoice: Obj): number | null {
  const lines = isObj(invoice.lines) && Array.isArray(invoice.lines.data) ? invoice.lines.data : [];
  for (const line of lines) {
    if (!isObj(line) || !isObj(line.period) || typeof line.period.start !== "number") continue;
    const parent = isObj(line.parent) ? line.parent : {};
    const item = isObj(parent.subscription_item_details) ? parent.subscription_item_details : null;
    const isSubscriptionLine =
      (item !== null && item.proration !== true) ||
      (line.type === "subscription" && line.proration !== true);
    if (isSubscriptionLine) return line.period.start;
  }
  return null;
}

export function parseInvoicePaid(event: VerifiedEvent): StripeAction {
  const invoice = event.object;
  const invoiceId = str(invoice.id);
  if (!invoiceId) return ignored("MALFORMED_OBJECT", "The invoice has no id.");
  const subscriptionId = subscriptionIdOf(invoice);
  if (!subscriptionId) {
    return ignored(
      "NOT_A_SUBSCRIPTION_INVOICE",
      "A one-off invoice: only subscription payments earn recurring commissions.",
    );
  }
  const amount = cents(invoice.amount_paid);
  const currency = str(invoice.currency);
  if (amount === null || currency === null) {
    return ignored("MALFORMED_OBJECT", "The invoice has no amount_paid or currency.");
  }
  const transitions = isObj(invoice.status_transitions) ? invoice.status_transitions : {};
  const paidAt = typeof transitions.paid_at === "number" ? transitions.paid_at : event.created;
  const billingReason = str(invoice.billing_reason);
  const periodStart = subscriptionPeriodStartOf(invoice);
  return {
    kind: "invoice_paid",
    invoice: {
      invoiceId,
      subscriptionId,
      firstPayment: billingReason === "subscription_create",
      billingReason,
      amountCents: amount,
      currency: currency.toUpperCase(),
      customerId: idOf(invoice.customer),
      paymentIds: invoicePaymentIdsOf(invoice),
      paidAt: isoFromUnix(paidAt),
      periodStart: periodStart === null ? null : isoFromUnix(periodStart),
    },
  };
}

/** `invoice_payment.paid`: the only place newer API versions name the payment of an invoice. */
export function parseInvoicePayment(event: VerifiedEvent): StripeAction {
  const entry = event.object;
  const invoiceId = idOf(entry.invoice);
  const payment = isObj(entry.payment) ? entry.payment : {};
  const paymentIds = [idOf(payment.payment_intent), idOf(payment.charge)].filter(
    (id): id is string => id !== null,
  );
  if (!invoiceId || paymentIds.length === 0) {
    return ignored("MALFORMED_OBJECT", "The invoice payment names no invoice or no payment.");
  }
  return { kind: "invoice_payment", payment: { invoiceId, paymentIds } };
}

export function parseChargeRefunded(event: VerifiedEvent): StripeAction {
  const charge = event.object;
  const chargeId = str(charge.id);
  const refunded = cents(charge.amount_refunded);
  const amount = cents(charge.amount);
  const currency = str(charge.currency);
  if (!chargeId || refunded === null || amount === null || currency === null) {
    return ignored(
      "MALFORMED_OBJECT",
      "The charge has no id, amount, amount_refunded or currency.",
    );
  }
  return {
    kind: "charge_refunded",
    refund: {
      chargeId,
      paymentIntentId: idOf(charge.payment_intent),
      invoiceId: idOf(charge.invoice),
      amountRefundedCents: refunded,
      amountCents: amount,
      currency: currency.toUpperCase(),
    },
  };
}

/** What an event asks of this service, decided from the payload alone. */
export function parseStripeEvent(event: VerifiedEvent): StripeAction {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return parseCheckoutSession(event);
    case "invoice.paid":
      return parseInvoicePaid(event);
    case "invoice_payment.paid":
      return parseInvoicePayment(event);
    case "charge.refunded":
      return parseChargeRefunded(event);
    default:
      return ignored(
        "EVENT_TYPE_NOT_HANDLED",
        `${event.type} is not used by Selgeo; send checkout.session.completed, invoice.paid and charge.refunded.`,
      );
  }
}

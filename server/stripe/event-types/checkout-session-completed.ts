// checkout.session.completed (and checkout.session.async_payment_succeeded, which carries the same
// session once a delayed payment succeeds): a paid session becomes a conversion whose transaction
// id is the session id, with the click id from `metadata.aff_click_id` (Checkout created by the
// merchant) or `client_reference_id` (Payment Links, set by the snippet). Its payment intent,
// invoice and subscription are linked to the conversion for the refunds and renewals to come.
import { z } from "zod";
import { hasControlCharacters } from "../../contract/schemas/common";
import { type ConversionInput, recordConversion } from "../../conversions/record";
import {
  acknowledgeIgnored,
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
import { linkToConversion, refOf } from "../links";
import {
  amountSchema,
  codeSchema,
  describeIssues,
  isoFromUnix,
  optionalIdSchema,
  stripeCurrencySchema,
  stripeIdSchema,
} from "../payload";
import { saveSubscription } from "../subscriptions";
import type { VerifiedEvent } from "../verify";

export const CHECKOUT_EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
] as const;

/** Stripe's `client_reference_id` limit, also the longest click id worth looking up. */
const MAX_CLICK_ID_LENGTH = 200;

export interface CheckoutPurchase {
  kind: "checkout";
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

/** What decides whether the session is a sale at all; read before the sale's own fields. */
const sessionKindSchema = z.object({
  mode: codeSchema.nullish(),
  payment_status: codeSchema.nullish(),
});

const sessionSchema = z.object({
  id: stripeIdSchema,
  mode: z.enum(["payment", "subscription"]),
  amount_total: amountSchema,
  currency: stripeCurrencySchema,
  metadata: z.record(z.string(), z.unknown()).nullish(),
  client_reference_id: z.unknown(),
  customer: optionalIdSchema,
  payment_link: optionalIdSchema,
  payment_intent: optionalIdSchema,
  subscription: optionalIdSchema,
  invoice: optionalIdSchema,
});

type ClickIdOf = Pick<CheckoutPurchase, "clickId" | "clickIdSource">;

/**
 * `metadata.aff_click_id`, else `client_reference_id`; blanks skipped, trimmed, at most 200
 * characters (a longer one matches no click). A click id with control characters breaks the
 * API's rules: undefined.
 */
export function clickIdOf(session: {
  metadata?: Record<string, unknown> | null | undefined;
  client_reference_id?: unknown;
}): ClickIdOf | undefined {
  const candidates: Array<[unknown, CheckoutPurchase["clickIdSource"]]> = [
    [session.metadata?.aff_click_id, "metadata.aff_click_id"],
    [session.client_reference_id, "client_reference_id"],
  ];
  for (const [value, source] of candidates) {
    if (typeof value !== "string") continue;
    const trimmed = value.trim();
    if (trimmed === "") continue;
    if (hasControlCharacters(trimmed)) return undefined;
    return { clickId: trimmed.slice(0, MAX_CLICK_ID_LENGTH), clickIdSource: source };
  }
  return { clickId: null, clickIdSource: null };
}

/** Pure: the session's purchase, or why the event records nothing. */
export function parseCheckoutSession(event: VerifiedEvent): CheckoutPurchase | Ignored {
  const kind = sessionKindSchema.safeParse(event.object);
  if (kind.success && kind.data.mode === "setup") {
    return ignored("SETUP_MODE_SESSION", "A setup-mode Checkout Session takes no payment.");
  }
  // Delayed methods (SEPA, bank transfers) complete the session unpaid; the payment's own
  // event, checkout.session.async_payment_succeeded, then carries the same session.
  if (kind.success && kind.data.payment_status === "unpaid") {
    return ignored(
      "PAYMENT_NOT_COMPLETED",
      "The session completed without payment yet; checkout.session.async_payment_succeeded will record it.",
    );
  }
  const parsed = sessionSchema.safeParse(event.object);
  if (!parsed.success) {
    return ignored("MALFORMED_OBJECT", `The Checkout Session: ${describeIssues(parsed.error)}.`);
  }
  const session = parsed.data;
  const clickId = clickIdOf(session);
  if (!clickId) {
    return ignored(
      "MALFORMED_OBJECT",
      "The Checkout Session's click id (metadata.aff_click_id or client_reference_id) contains control characters.",
    );
  }
  return {
    kind: "checkout",
    sessionId: session.id,
    sessionMode: session.mode,
    ...clickId,
    amountCents: session.amount_total,
    currency: session.currency,
    customerId: session.customer,
    paymentLinkId: session.payment_link,
    paymentIntentId: session.payment_intent,
    subscriptionId: session.subscription,
    invoiceId: session.invoice,
    occurredAt: isoFromUnix(event.created),
  };
}

export async function handleCheckoutSession(
  services: EventServices,
  scope: EventScope,
): Promise<Handled> {
  const purchase = parseCheckoutSession(scope.event);
  if (purchase.kind === "ignored") return acknowledgeIgnored(services, scope, purchase);
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
  const handled = await handledConversion(
    services,
    scope,
    await recordConversion(services, conversionContext(scope), input),
  );
  const conversionId = handled.conversionId;
  if (!conversionId) return handled;

  const tenant = tenantOf(services, scope);
  const refs = [purchase.sessionId, purchase.paymentIntentId, purchase.invoiceId]
    .filter((id): id is string => id !== null)
    .map(refOf);
  await linkToConversion(tenant, services.clock, refs, conversionId);
  if (purchase.subscriptionId) {
    await saveSubscription(tenant, services.clock, {
      subscriptionId: purchase.subscriptionId,
      firstConversionId: conversionId,
      startedAt: purchase.occurredAt,
    });
  }
  return handled;
}

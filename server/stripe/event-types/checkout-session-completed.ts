// checkout.session.completed (and checkout.session.async_payment_succeeded, which carries the same
// session once a delayed payment succeeds): a paid session becomes a conversion whose transaction
// id is the session id, a free subscription start (a trial) one of type `trial_started`. The click
// id is read in click-id.ts's order; a subscription session that names none itself waits for its
// subscription's metadata, which the subscription's invoices carry (pending.ts; at most as long as
// the periodic pass lets it). Its payment intent, invoice and subscription are linked to the
// conversion for the refunds, disputes and renewals to come, and the events kept waiting for them
// are tried again.
import { z } from "zod";
import { type ConversionInput, recordConversion } from "../../conversions/record";
import {
  affClickIdIn,
  type ClickIdCandidate,
  expandedMetadataOf,
  type FoundClickId,
  firstClickId,
  NO_CLICK_ID,
} from "../click-id";
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
import {
  sessionTaxAndShipping,
  sessionTotalsSchema,
  type TaxAndShipping,
} from "../payment-breakdown";
import { awaitOrPark, pendingEventOf, pendingWaitingFor } from "../pending";
import { invoiceClickIdCandidates } from "../subscription-metadata";
import { saveSubscription } from "../subscriptions";
import type { VerifiedEvent } from "../verify";

export const CHECKOUT_EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
] as const;

const INVOICE_PAID = "invoice.paid";

export interface CheckoutPurchase extends FoundClickId {
  kind: "checkout";
  sessionId: string;
  sessionMode: "payment" | "subscription";
  /**
   * A subscription session naming no click id itself, whose subscription's metadata is not in
   * the payload: the subscription's invoices carry it.
   */
  awaitsSubscriptionMetadata: boolean;
  /** The expanded customer's `metadata.aff_click_id`, read after the subscription's. */
  customerClickId: ClickIdCandidate;
  amountCents: number;
  /** ISO 4217, upper case. */
  currency: string;
  taxAndShipping: TaxAndShipping;
  /** The session's customer (none for a guest payment): compared with the partner's own. */
  customerId: string | null;
  /** The first promotion code (promo_…) the session's discounts used: its owner may be credited. */
  promotionCodeId: string | null;
  /** customer_details.email: compared with the partner's (self-referral), never stored. */
  customerEmail: string | null;
  paymentLinkId: string | null;
  paymentIntentId: string | null;
  subscriptionId: string | null;
  /** The subscription's first invoice, paid by this session. */
  invoiceId: string | null;
  occurredAt: string;
}

/**
 * Read apart from the session's own schema: a discount or e-mail of an unexpected shape loses
 * only the credit or the check it feeds, never the sale.
 */
const discountsSchema = z.object({
  discounts: z
    .array(
      z.object({
        promotion_code: z.union([stripeIdSchema, z.object({ id: stripeIdSchema })]).nullish(),
      }),
    )
    .nullish(),
});
const customerDetailsSchema = z.object({
  customer_details: z.object({ email: z.email().max(254).nullish() }).nullish(),
});

function promotionCodeOf(session: unknown): string | null {
  const parsed = discountsSchema.safeParse(session);
  if (!parsed.success) return null;
  for (const discount of parsed.data.discounts ?? []) {
    const code = discount.promotion_code;
    if (code) return typeof code === "string" ? code : code.id;
  }
  return null;
}

function customerEmailOf(session: unknown): string | null {
  const parsed = customerDetailsSchema.safeParse(session);
  return parsed.success ? (parsed.data.customer_details?.email ?? null) : null;
}

/** What decides whether the session is a sale at all; read before the sale's own fields. */
const sessionKindSchema = z.object({
  mode: codeSchema.nullish(),
  payment_status: codeSchema.nullish(),
});

const sessionSchema = sessionTotalsSchema.extend({
  id: stripeIdSchema,
  mode: z.enum(["payment", "subscription"]),
  amount_total: amountSchema,
  currency: stripeCurrencySchema,
  customer: optionalIdSchema,
  payment_link: optionalIdSchema,
  payment_intent: optionalIdSchema,
  subscription: optionalIdSchema,
  invoice: optionalIdSchema,
});

/** The raw fields a click id may come from: expandable ones as Stripe sent them (id or object). */
interface ClickIdFields {
  metadata?: unknown;
  client_reference_id?: unknown;
  subscription?: unknown;
  customer?: unknown;
}

/**
 * The session's click id, in click-id.ts's order: `metadata.aff_click_id`, `client_reference_id`,
 * the expanded subscription's metadata, the expanded customer's. undefined when the one found has
 * control characters (the API refuses those).
 */
export function clickIdOf(session: ClickIdFields): FoundClickId | undefined {
  return firstClickId([...ownCandidates(session), customerCandidate(session)]);
}

function ownCandidates(session: ClickIdFields): ClickIdCandidate[] {
  return [
    [affClickIdIn(session.metadata), "metadata.aff_click_id"],
    [session.client_reference_id, "client_reference_id"],
    [affClickIdIn(expandedMetadataOf(session.subscription)), "subscription.metadata.aff_click_id"],
  ];
}

function customerCandidate(session: ClickIdFields): ClickIdCandidate {
  return [affClickIdIn(expandedMetadataOf(session.customer)), "customer.metadata.aff_click_id"];
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
  const raw = event.object as ClickIdFields;
  const awaits =
    session.mode === "subscription" &&
    session.subscription !== null &&
    expandedMetadataOf(raw.subscription) === undefined;
  // While the subscription's metadata may still come, the customer's waits behind it.
  const clickId = awaits ? firstClickId(ownCandidates(raw)) : clickIdOf(raw);
  if (!clickId) {
    return ignored(
      "MALFORMED_OBJECT",
      "The Checkout Session's click id (metadata.aff_click_id, client_reference_id or the subscription's or customer's metadata.aff_click_id) contains control characters.",
    );
  }
  return {
    kind: "checkout",
    sessionId: session.id,
    sessionMode: session.mode,
    ...clickId,
    awaitsSubscriptionMetadata: awaits && clickId.clickId === null,
    customerClickId: customerCandidate(raw),
    amountCents: session.amount_total,
    currency: session.currency,
    taxAndShipping: sessionTaxAndShipping(session),
    customerId: session.customer,
    promotionCodeId: promotionCodeOf(event.object),
    customerEmail: customerEmailOf(event.object),
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
  const tenant = tenantOf(services, scope);

  let clickId: FoundClickId = purchase;
  if (purchase.awaitsSubscriptionMetadata && purchase.subscriptionId) {
    const subscriptionId = purchase.subscriptionId;
    const found = await awaitOrPark(
      services,
      scope,
      {
        waitsOn: [subscriptionId],
        reason: "AWAITING_SUBSCRIPTION_METADATA",
        detail:
          "The session names no click id (metadata.aff_click_id, client_reference_id); the subscription's metadata (subscription_data.metadata) comes on its invoices, so the session is kept until the first of them arrives.",
        facts: { session_id: purchase.sessionId, subscription_id: subscriptionId },
      },
      () => clickIdFromInvoices(services, scope, purchase, subscriptionId),
    );
    if (found.kind === "parked") return found.handled;
    // Kept too long (no invoice.paid came): recorded with what the session itself says.
    clickId =
      found.kind === "found"
        ? found.value
        : (firstClickId([purchase.customerClickId]) ?? NO_CLICK_ID);
  }

  const free = purchase.amountCents === 0;
  const input: ConversionInput = {
    click_id: clickId.clickId,
    event_type:
      purchase.sessionMode === "subscription"
        ? free
          ? "trial_started"
          : "subscription"
        : "purchase",
    external_transaction_id: purchase.sessionId,
    amount_cents: purchase.amountCents,
    currency: purchase.currency,
    customer_id: purchase.customerId,
    promotion_code: purchase.promotionCodeId,
    customer_email: purchase.customerEmail,
    occurred_at: purchase.occurredAt,
    metadata: compact({
      stripe_event_id: scope.event.id,
      stripe_checkout_session: purchase.sessionId,
      stripe_payment_link: purchase.paymentLinkId,
      stripe_subscription: purchase.subscriptionId,
      click_id_source: clickId.clickIdSource,
    }),
    payment: {
      ...purchase.taxAndShipping,
      starts_subscription: purchase.sessionMode === "subscription",
    },
    click_id_source: clickId.clickIdSource,
    channel: purchase.paymentLinkId ? "stripe_payment_link" : "stripe_checkout",
  };
  const handled = await handledConversion(
    services,
    scope,
    await recordConversion(services, conversionContext(scope), input),
  );
  const conversionId = handled.conversionId;
  if (!conversionId) return handled;

  const refs = [purchase.sessionId, purchase.paymentIntentId, purchase.invoiceId].filter(
    (id): id is string => id !== null,
  );
  await linkToConversion(tenant, services.clock, refs.map(refOf), conversionId);
  if (purchase.subscriptionId) {
    await saveSubscription(tenant, services.clock, {
      subscriptionId: purchase.subscriptionId,
      firstConversionId: conversionId,
      startedAt: purchase.occurredAt,
      paidFrom: free ? null : purchase.occurredAt,
    });
  }
  const wakeIds = purchase.subscriptionId ? [...refs, purchase.subscriptionId] : refs;
  return { ...handled, wake: { ids: wakeIds } };
}

/**
 * The click id of a subscription's kept invoices (their subscription's metadata first, then the
 * customer's), or undefined while none of its invoices has arrived. A click id with control
 * characters there counts as none.
 */
async function clickIdFromInvoices(
  services: EventServices,
  scope: EventScope,
  purchase: CheckoutPurchase,
  subscriptionId: string,
): Promise<FoundClickId | undefined> {
  const invoices = await pendingWaitingFor(
    tenantOf(services, scope),
    [subscriptionId],
    [INVOICE_PAID],
  );
  if (invoices.length === 0) return undefined;
  const candidates = invoices.flatMap((row) => {
    const found = invoiceClickIdCandidates(pendingEventOf(row).object);
    return found ? [found] : [];
  });
  return (
    firstClickId([
      ...candidates.map((c) => c.subscription),
      purchase.customerClickId,
      ...candidates.map((c) => c.customer),
    ]) ?? NO_CLICK_ID
  );
}

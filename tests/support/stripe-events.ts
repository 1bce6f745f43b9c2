// Stripe webhook payloads built on Stripe's own example objects (stripe-fixtures.ts: every field
// Stripe sends, not only the ones Selgeo reads), with ids, amounts and links that belong together,
// signed with the official library's test helper, and a `deliver` that posts them the way Stripe
// does: raw JSON body plus Stripe-Signature.
import Stripe from "stripe";
import { randomBase62 } from "../../server/lib/ids";
import type { CallResult, Harness } from "./harness";
import { stripeExample } from "./stripe-fixtures";

export const TEST_SECRET = "whsec_testSecretForSelgeoTests0123456789";
export const LIVE_SECRET = "whsec_liveSecretForSelgeoTests9876543210";

/** The latest API version's payload shape, or the shape before 2025-03-31 (basil). */
export type Shape = "current" | "legacy";

export const stripeId = (prefix: string, livemode = false) =>
  `${prefix}_${livemode ? "live" : "test"}_${randomBase62(24)}`;
const plainId = (prefix: string) => `${prefix}_${randomBase62(24)}`;

export interface StripeEventPayload {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export function unix(h: Harness): number {
  return Math.floor(h.clock.now().getTime() / 1000);
}

export function stripeEvent(
  h: Harness,
  type: string,
  object: Record<string, unknown>,
  options: { livemode?: boolean; shape?: Shape; previous?: Record<string, unknown> } = {},
): StripeEventPayload {
  return {
    id: plainId("evt"),
    object: "event",
    api_version: options.shape === "legacy" ? "2024-06-20" : "2026-10-28.endive",
    created: unix(h),
    data: { object, ...(options.previous ? { previous_attributes: options.previous } : {}) },
    livemode: options.livemode ?? false,
    pending_webhooks: 1,
    request: { id: `req_${randomBase62(14)}`, idempotency_key: null },
    type,
  };
}

export interface SessionOptions {
  mode?: "payment" | "subscription" | "setup";
  amount?: number;
  currency?: string;
  clickId?: string | null;
  clientReferenceId?: string | null;
  paymentLink?: string | null;
  paymentStatus?: "paid" | "unpaid" | "no_payment_required";
  livemode?: boolean;
  subscription?: string;
  invoice?: string;
  paymentIntent?: string;
  /** Tax within `amount` (total_details.amount_tax), shipping's own tax included. */
  tax?: number;
  /** Shipping within `amount`: its cost before tax, and the tax on it (part of `tax`). */
  shipping?: { amount: number; tax: number };
}

type Session = ReturnType<typeof checkoutSession>;

/** The session with its subscription expanded, carrying this metadata (subscription_data.metadata). */
export function withExpandedSubscription(session: Session, metadata: Record<string, string>) {
  return {
    ...session,
    subscription: { ...stripeExample("subscription"), id: session.subscription, metadata },
  };
}

/** The session with its customer expanded, carrying this metadata. */
export function withExpandedCustomer(session: Session, metadata: Record<string, string>) {
  return {
    ...session,
    customer: { ...stripeExample("customer"), id: session.customer, metadata },
  };
}

export function checkoutSession(h: Harness, options: SessionOptions = {}) {
  const mode = options.mode ?? "payment";
  const livemode = options.livemode ?? false;
  const amount = options.amount ?? 4900;
  const tax = options.tax ?? 0;
  const shipping = options.shipping;
  const created = unix(h) - 120;
  const customer = mode === "payment" ? null : plainId("cus");
  const subscription = mode === "subscription" ? (options.subscription ?? plainId("sub")) : null;
  return {
    ...stripeExample("checkout.session"),
    id: stripeId("cs", livemode),
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: amount - tax - (shipping?.amount ?? 0),
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: "https://shop.example/cancel",
    client_reference_id: options.clientReferenceId ?? null,
    client_secret: null,
    consent: null,
    consent_collection: null,
    created,
    currency: (options.currency ?? "eur").toLowerCase(),
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer,
    customer_creation: mode === "payment" ? "if_required" : "always",
    currency_conversion: null,
    collected_information: null,
    customer_details: {
      address: {
        city: null,
        country: "DE",
        line1: null,
        line2: null,
        postal_code: null,
        state: null,
      },
      email: "buyer@example.com",
      name: "Erika Mustermann",
      phone: null,
      tax_exempt: "none",
      tax_ids: [],
    },
    customer_email: null,
    discounts: [],
    expires_at: created + 86_400,
    invoice: mode === "subscription" ? (options.invoice ?? plainId("in")) : null,
    invoice_creation: null,
    livemode,
    locale: null,
    metadata: options.clickId ? { aff_click_id: options.clickId } : {},
    mode,
    payment_intent: mode === "payment" ? (options.paymentIntent ?? plainId("pi")) : null,
    payment_link: options.paymentLink ?? null,
    payment_method_collection: "if_required",
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_status: options.paymentStatus ?? (mode === "setup" ? "no_payment_required" : "paid"),
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: mode === "setup" ? plainId("seti") : null,
    shipping_address_collection: shipping ? { allowed_countries: ["DE"] } : null,
    shipping_cost: shipping
      ? {
          amount_subtotal: shipping.amount,
          amount_tax: shipping.tax,
          amount_total: shipping.amount + shipping.tax,
          shipping_rate: plainId("shr"),
        }
      : null,
    shipping_options: [],
    status: "complete",
    submit_type: null,
    subscription,
    success_url: "https://shop.example/thanks",
    total_details: {
      amount_discount: 0,
      amount_shipping: (shipping?.amount ?? 0) + (shipping?.tax ?? 0),
      amount_tax: tax,
    },
    ui_mode: "hosted",
    url: null,
  };
}

export interface InvoiceOptions {
  subscription: string;
  billingReason: "subscription_create" | "subscription_cycle" | "subscription_update";
  amount?: number;
  currency?: string;
  shape?: Shape;
  livemode?: boolean;
  id?: string;
  paymentIntent?: string;
  charge?: string;
  /** Unix seconds; default: now. */
  periodStart?: number;
  /** Newer versions: list the invoice's payments (only when the endpoint asks to include them). */
  includePayments?: boolean;
  /** Tax within `amount`: `total_taxes` (current) or `tax` and `total_tax_amounts` (legacy). */
  tax?: number;
  /** The subscription's metadata, as `subscription_data.metadata` set it. */
  subscriptionMetadata?: Record<string, string>;
  customer?: string;
}

/** Fields of Stripe's (current) example invoice that API versions before 2025-03-31 do not send. */
const CURRENT_ONLY_INVOICE_FIELDS = [
  "parent",
  "total_taxes",
  "total_pretax_credit_amounts",
  "amount_overpaid",
  "customer_account",
];

export function invoice(h: Harness, options: InvoiceOptions) {
  const shape = options.shape ?? "current";
  const amount = options.amount ?? 4900;
  const currency = (options.currency ?? "eur").toLowerCase();
  const now = unix(h);
  const periodStart = options.periodStart ?? now;
  const periodEnd = periodStart + 30 * 86_400;
  const id = options.id ?? plainId("in");
  const customer = options.customer ?? plainId("cus");
  const subscriptionItem = plainId("si");
  const paymentIntent = options.paymentIntent ?? plainId("pi");
  const charge = options.charge ?? plainId("ch");
  const tax = options.tax ?? 0;
  const subscriptionMetadata = options.subscriptionMetadata ?? {};
  const example = stripeExample("invoice");
  if (shape === "legacy") for (const field of CURRENT_ONLY_INVOICE_FIELDS) delete example[field];
  const common = {
    ...example,
    id,
    object: "invoice",
    account_country: "DE",
    account_name: "Acme Test Shop",
    amount_due: amount,
    amount_overpaid: 0,
    amount_paid: amount,
    amount_remaining: 0,
    amount_shipping: 0,
    attempt_count: 1,
    attempted: true,
    auto_advance: false,
    billing_reason: options.billingReason,
    collection_method: "charge_automatically",
    created: now - 3600,
    currency,
    customer,
    customer_email: "buyer@example.com",
    description: null,
    discounts: [],
    due_date: null,
    ending_balance: 0,
    hosted_invoice_url: "https://invoice.stripe.com/i/acct_x/test_x",
    invoice_pdf: "https://pay.stripe.com/invoice/acct_x/test_x/pdf",
    livemode: options.livemode ?? false,
    metadata: {},
    number: `ABCD-${randomBase62(4)}`,
    // Stripe's invoice period is the previous one: renewals bill the period in their lines.
    period_end: periodStart,
    period_start: periodStart - 30 * 86_400,
    starting_balance: 0,
    status: "paid",
    status_transitions: {
      finalized_at: now - 3500,
      marked_uncollectible_at: null,
      paid_at: now,
      voided_at: null,
    },
    subtotal: amount - tax,
    subtotal_excluding_tax: amount - tax,
    total: amount,
    total_excluding_tax: amount - tax,
    shipping_cost: null,
    from_invoice: null,
    last_finalization_error: null,
    issuer: { type: "self" },
  };
  if (shape === "legacy") {
    return {
      ...common,
      charge,
      paid: true,
      payment_intent: paymentIntent,
      subscription: options.subscription,
      subscription_details: { metadata: subscriptionMetadata },
      tax: tax > 0 ? tax : null,
      total_tax_amounts: tax > 0 ? [{ amount: tax, inclusive: false, tax_rate: "txr_1" }] : [],
      lines: {
        object: "list",
        data: [
          {
            id: plainId("il"),
            object: "line_item",
            amount,
            currency,
            description: "1 × Pro (at €49.00 / month)",
            period: { end: periodEnd, start: periodStart },
            proration: false,
            quantity: 1,
            subscription: options.subscription,
            subscription_item: subscriptionItem,
            type: "subscription",
          },
        ],
        has_more: false,
        total_count: 1,
        url: `/v1/invoices/${id}/lines`,
      },
    };
  }
  return {
    ...common,
    parent: {
      quote_details: null,
      subscription_details: { metadata: subscriptionMetadata, subscription: options.subscription },
      type: "subscription_details",
    },
    total_taxes:
      tax > 0
        ? [
            {
              amount: tax,
              tax_behavior: "exclusive",
              tax_rate_details: { tax_rate: plainId("txr") },
              taxability_reason: "standard_rated",
              taxable_amount: amount - tax,
              type: "tax_rate_details",
            },
          ]
        : [],
    lines: {
      object: "list",
      data: [
        {
          id: plainId("il"),
          object: "line_item",
          amount,
          currency,
          description: "1 × Pro (at €49.00 / month)",
          parent: {
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: options.subscription,
              subscription_item: subscriptionItem,
            },
            type: "subscription_item_details",
          },
          period: { end: periodEnd, start: periodStart },
          pricing: {
            price_details: { price: plainId("price"), product: plainId("prod") },
            type: "price_details",
            unit_amount_decimal: String(amount),
          },
          quantity: 1,
        },
      ],
      has_more: false,
      url: `/v1/invoices/${id}/lines`,
    },
    ...(options.includePayments
      ? {
          payments: {
            object: "list",
            data: [
              {
                id: plainId("inpay"),
                object: "invoice_payment",
                amount_paid: amount,
                amount_requested: amount,
                created: now,
                currency,
                invoice: id,
                is_default: true,
                livemode: options.livemode ?? false,
                payment: { payment_intent: paymentIntent, type: "payment_intent" },
                status: "paid",
                status_transitions: { canceled_at: null, paid_at: now },
              },
            ],
            has_more: false,
            url: `/v1/invoice_payments?invoice=${id}`,
          },
        }
      : {}),
  };
}

export function invoicePayment(
  h: Harness,
  options: { invoice: string; paymentIntent: string; amount?: number; livemode?: boolean },
) {
  const amount = options.amount ?? 4900;
  return {
    ...stripeExample("invoice_payment"),
    id: plainId("inpay"),
    object: "invoice_payment",
    amount_paid: amount,
    amount_requested: amount,
    created: unix(h),
    currency: "eur",
    invoice: options.invoice,
    is_default: true,
    livemode: options.livemode ?? false,
    payment: { payment_intent: options.paymentIntent, type: "payment_intent" },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: unix(h) },
  };
}

export function charge(
  h: Harness,
  options: {
    paymentIntent: string;
    amount?: number;
    amountRefunded: number;
    currency?: string;
    id?: string;
    livemode?: boolean;
    invoice?: string;
  },
) {
  const amount = options.amount ?? 4900;
  return {
    ...stripeExample("charge"),
    id: options.id ?? plainId("ch"),
    object: "charge",
    amount,
    amount_captured: amount,
    amount_refunded: options.amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: plainId("txn"),
    billing_details: { address: null, email: "buyer@example.com", name: null, phone: null },
    calculated_statement_descriptor: "ACME TEST SHOP",
    captured: true,
    created: unix(h) - 86_400,
    currency: (options.currency ?? "eur").toLowerCase(),
    customer: null,
    description: null,
    disputed: false,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: options.livemode ?? false,
    metadata: {},
    outcome: {
      network_status: "approved_by_network",
      reason: null,
      risk_level: "normal",
      seller_message: "Payment complete.",
      type: "authorized",
    },
    paid: true,
    payment_intent: options.paymentIntent,
    payment_method: plainId("pm"),
    receipt_email: null,
    receipt_url: "https://pay.stripe.com/receipts/x",
    refunded: options.amountRefunded >= amount,
    review: null,
    shipping: null,
    source: null,
    status: "succeeded",
    transfer_data: null,
    transfer_group: null,
    ...(options.invoice ? { invoice: options.invoice } : {}),
  };
}

/** Stripe's `charge.refunded` for one charge, its running refunded total at `amountRefunded`. */
export function chargeRefunded(
  h: Harness,
  options: { chargeId: string; paymentIntent: string; amount: number; amountRefunded: number },
) {
  return stripeEvent(
    h,
    "charge.refunded",
    charge(h, {
      id: options.chargeId,
      paymentIntent: options.paymentIntent,
      amount: options.amount,
      amountRefunded: options.amountRefunded,
    }),
  );
}

export type DisputeStatus =
  | "warning_needs_response"
  | "needs_response"
  | "under_review"
  | "won"
  | "lost"
  | "warning_closed"
  | "prevented";

/** Stripe's example dispute, about this charge: `charge.dispute.created` / `.closed` carry it. */
export function dispute(
  h: Harness,
  options: {
    charge: string;
    paymentIntent?: string | null;
    amount?: number;
    currency?: string;
    status: DisputeStatus;
    id?: string;
    reason?: string;
    livemode?: boolean;
  },
) {
  return {
    ...stripeExample("dispute"),
    id: options.id ?? plainId("dp"),
    object: "dispute",
    amount: options.amount ?? 4900,
    charge: options.charge,
    created: unix(h) - 3600,
    currency: (options.currency ?? "eur").toLowerCase(),
    is_charge_refundable: false,
    livemode: options.livemode ?? false,
    payment_intent: options.paymentIntent ?? null,
    reason: options.reason ?? "fraudulent",
    status: options.status,
  };
}

export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

export interface DeliverOptions {
  secret?: string;
  /** Unix seconds of the signature; default: the harness clock. */
  timestamp?: number;
  /** Replace the signature header (or drop it with null). */
  header?: string | null;
  merchantId?: string;
}

/** Posts an event as Stripe would: the exact bytes that were signed. */
export function deliver(
  h: Harness,
  event: StripeEventPayload | string,
  options: DeliverOptions = {},
): Promise<CallResult> {
  const payload = typeof event === "string" ? event : JSON.stringify(event, null, 2);
  const header =
    options.header === undefined
      ? signatureHeader(payload, options.secret ?? TEST_SECRET, options.timestamp ?? unix(h))
      : options.header;
  return h.post(`/api/v1/webhooks/stripe/${options.merchantId ?? h.merchant.merchant_id}`, {
    rawBody: payload,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      ...(header === null ? {} : { "Stripe-Signature": header }),
    },
  });
}

/** Sets both modes' signing secrets through the API, as a merchant would. */
export async function connectStripe(h: Harness): Promise<void> {
  for (const [key, secret] of [
    [h.merchant.keys.sk_test, TEST_SECRET],
    [h.merchant.keys.sk_live, LIVE_SECRET],
  ] as const) {
    const res = await h.put("/api/v1/integrations/stripe", {
      key,
      body: { webhook_secret: secret },
    });
    if (res.status !== 200) throw new Error(`connectStripe: ${res.status} ${res.text}`);
  }
}

/**
 * A Discount object as Stripe sends it on an invoice: before 2025-09-30 (clover) with its coupon
 * expanded in `coupon`, since then with `source: { type: "coupon", coupon }` (no `coupon`).
 * `promotion_code` is the code's id, or the PromotionCode expanded when `expandCode` is set.
 */
export function invoiceDiscount(
  h: Harness,
  options: {
    shape: Shape;
    subscription: string;
    customer: string;
    promotionCode: string | null;
    expandCode?: boolean;
  },
) {
  const coupon = plainId("co");
  const start = unix(h) - 30 * 86_400;
  const code =
    options.promotionCode && options.expandCode
      ? {
          id: options.promotionCode,
          object: "promotion_code",
          active: true,
          code: "PARTNER10",
          created: start - 86_400,
          customer: null,
          expires_at: null,
          livemode: false,
          max_redemptions: null,
          metadata: {},
          promotion: { coupon, type: "coupon" },
          restrictions: {
            first_time_transaction: false,
            minimum_amount: null,
            minimum_amount_currency: null,
          },
          times_redeemed: 3,
        }
      : options.promotionCode;
  const common = {
    id: plainId("di"),
    object: "discount",
    checkout_session: null,
    customer: options.customer,
    end: null,
    invoice: null,
    invoice_item: null,
    promotion_code: code,
    start,
    subscription: options.subscription,
    subscription_item: null,
  };
  if (options.shape === "legacy") {
    return {
      ...common,
      coupon: {
        id: coupon,
        object: "coupon",
        amount_off: null,
        created: start - 86_400,
        currency: null,
        duration: "forever",
        duration_in_months: null,
        livemode: false,
        max_redemptions: null,
        metadata: {},
        name: "Partner 10 %",
        percent_off: 10,
        redeem_by: null,
        times_redeemed: 3,
        valid: true,
      },
    };
  }
  return { ...common, source: { coupon, type: "coupon" } };
}

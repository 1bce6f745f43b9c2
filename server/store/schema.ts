// Table types for Kysely. Portable on SQLite and PostgreSQL: text ids, integer cents (bigint in
// PostgreSQL, parsed back to numbers), times as ISO-8601 UTC text, JSON as text.
import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { KeyKind, Mode } from "../contract/key-format";
import type { AuditAction, AuditDecision } from "../contract/schemas/audit";
import type { WebhookOutcome } from "../contract/schemas/stripe";

export type PartnerStatus = "pending" | "approved" | "rejected" | "suspended";
export type AttributionModel = "last_click" | "first_click";
export type CommissionType = "percent" | "flat";
export type ConversionStatus = "attributed" | "unattributed";
/**
 * `pending` during the program's hold period (`partially_reversed`: pending, refunded in part),
 * then `due`, then `paid`; `reversed` once refunded in full; `held` while a dispute of the payment
 * is open (status_before_hold says what it was). docs/payouts.md.
 */
export type CommissionStatus =
  | "pending"
  | "partially_reversed"
  | "due"
  | "paid"
  | "reversed"
  | "held";

export interface MerchantsTable {
  id: string;
  name: string;
  /** JSON array of origins allowed to use the public keys; empty = any origin. */
  allowed_origins: string;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  merchant_id: string;
  kind: KeyKind;
  mode: Mode;
  /** sha256 of the whole key, hex. The key itself is never stored for secret keys. */
  key_hash: string;
  /** Publishable keys are public by design and kept in full so the dashboard can show them. */
  public_value: string | null;
  last4: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ProgramsTable {
  id: string;
  merchant_id: string;
  name: string;
  attribution_window_days: number;
  commission_type: CommissionType;
  commission_percent: number | null;
  commission_amount_cents: number | null;
  commission_currency: string | null;
  recurring_months: number;
  attribution_model: AttributionModel;
  /** Paid when a Stripe subscription starts free (a trial); null: a free start earns nothing. */
  trial_bounty_amount_cents: number | null;
  trial_bounty_currency: string | null;
  /** 1: shipping counts towards the commission base of Stripe payments; 0: it does not. */
  commission_base_includes_shipping: number;
  /** 1: a sale whose click failed in the browser is credited by the ref it names (0013_truth). */
  attribute_by_ref: number;
  /** Days a commission stays pending (the refund period) before it is due. */
  hold_days: number;
  /** JSON of the fraud thresholds (fraud/signals.ts); null: the defaults. */
  fraud_rules: string | null;
  /** Who is credited when a click and a promotion code name different partners. */
  promo_code_precedence: "code" | "click";
  created_at: string;
  updated_at: string;
}

export interface PartnersTable {
  id: string;
  merchant_id: string;
  program_id: string;
  name: string;
  email: string | null;
  /** The partner's own Stripe customer (cus_…), when the merchant knows it: self-referral. */
  stripe_customer_id: string | null;
  ref: string;
  status: PartnerStatus;
  created_at: string;
  updated_at: string;
}

/**
 * On SQLite a view over `click_rows`, whose merchant, mode, partner and program are integer keys
 * (0016_storage_click_keys); inserts into it are stored by a trigger. A table on PostgreSQL.
 */
export interface ClicksTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  partner_id: string;
  program_id: string;
  ref: string;
  visitor_hash: string;
  url: string | null;
  referrer: string | null;
  created_at: string;
  expires_at: string;
}

export interface ConversionsTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  click_id: string | null;
  partner_id: string | null;
  program_id: string | null;
  event_type: string;
  external_transaction_id: string;
  amount_cents: number;
  currency: string;
  customer_id: string | null;
  metadata: string | null;
  status: ConversionStatus;
  reason: string;
  /** Why CLICK_ID_MISSING, when the server can tell (attribution/missing-click.ts); 0013_truth. */
  reason_detail: string | null;
  refunded_amount_cents: number;
  source: string;
  occurred_at: string;
  created_at: string;
  request_id: string;
}

export interface CommissionsTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  conversion_id: string;
  partner_id: string;
  program_id: string;
  amount_cents: number;
  reversed_amount_cents: number;
  currency: string;
  status: CommissionStatus;
  /** The dispute holding the commission, while it is `held`. */
  held_by: string | null;
  /** What the status was (and becomes again if the dispute is won) while it is `held`. */
  status_before_hold: Exclude<CommissionStatus, "held"> | null;
  /** When the hold period ends and a pending commission becomes due. */
  due_at: string | null;
  /** The payout that paid it, when, and what it paid (amount less the reversed part then). */
  payout_id: string | null;
  paid_at: string | null;
  paid_amount_cents: number | null;
  created_at: string;
  updated_at: string;
}

export interface PayoutsTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  /** The merchant's own reference (a bank transfer id); one payout per reference. */
  reference: string;
  request_id: string;
  created_at: string;
}

/** A refund of a commission already paid: negative, carried to the partner's next payout. */
export interface CommissionAdjustmentsTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  commission_id: string;
  partner_id: string;
  amount_cents: number;
  currency: string;
  reason: string;
  refund_id: string | null;
  /** The payout that settled it; null while it is carried. */
  payout_id: string | null;
  created_at: string;
}

export interface RefundsTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  conversion_id: string;
  amount_cents: number;
  commission_reversed_cents: number;
  /** Where the refund came from (a Stripe charge/refund id), to apply each one once. */
  external_refund_id: string | null;
  request_id: string;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  request_id: string;
  created_at: string;
  /** What was decided: `attribution`, `refund`, `stripe_event`, … */
  action: AuditAction;
  decision: AuditDecision;
  reason: string;
  click_id: string | null;
  conversion_id: string | null;
  external_transaction_id: string | null;
  stripe_event_id: string | null;
  /** JSON: the facts the decision used. */
  facts: string;
  /** Who caused the entry (audit/actor.ts): `user`, `api_key`, or null (Stripe, older entries). */
  actor_type: string | null;
  actor_id: string | null;
  /** The user's e-mail or the key's masked form, as it was when the entry was written. */
  actor_label: string | null;
}

/** A merchant's Stripe webhook signing secret for one mode. */
export interface StripeIntegrationsTable {
  merchant_id: string;
  mode: Mode;
  /** `whsec_…`, in clear: verifying Stripe's HMAC needs the secret itself. */
  webhook_secret: string;
  created_at: string;
  updated_at: string;
}

/** Every verified Stripe event once: the row is the lock that makes redeliveries no-ops. */
export interface StripeEventsTable {
  merchant_id: string;
  event_id: string;
  mode: Mode;
  type: string;
  received_at: string;
  request_id: string;
  /** `processing` while a delivery handles it, then what was done (`recorded`, `ignored`, …). */
  outcome: WebhookOutcome;
  conversion_id: string | null;
}

/** A subscription started through Checkout, tied to the conversion of its first payment. */
export interface StripeSubscriptionsTable {
  merchant_id: string;
  mode: Mode;
  subscription_id: string;
  first_conversion_id: string;
  /** When the Checkout Session completed. */
  started_at: string;
  /**
   * The start of the first billing period paid above zero: recurring_months count from here.
   * The session's time when it took a payment; for a free start (a trial), the period start of
   * the first paid invoice; null until then.
   */
  paid_from: string | null;
  created_at: string;
}

/** A Stripe event that refers to what has not arrived yet, kept until it does. */
export interface StripePendingEventsTable {
  merchant_id: string;
  mode: Mode;
  event_id: string;
  event_type: string;
  /** When Stripe created the event, Unix seconds: kept events are applied in this order. */
  event_created: number;
  /** The verified event as JSON (stripe/verify.ts VerifiedEvent). */
  payload: string;
  /** What it waits for, e.g. REFUND_AWAITING_PAYMENT. */
  reason: string;
  /** The request that first delivered it. */
  request_id: string;
  parked_at: string;
  /** When it was last tried: the periodic pass takes the longest-unchecked first. */
  checked_at: string;
  /** 1 when a wake-up found it being handled: the handler tries it again when done. */
  woken: number;
}

/** The Stripe ids a pending event waits for (subscription, payment intent, charge, invoice). */
export interface StripePendingRefsTable {
  merchant_id: string;
  mode: Mode;
  stripe_id: string;
  event_id: string;
}

export type DisputeStatus = "open" | "won" | "lost" | "warning_closed" | "prevented";

/** A dispute (chargeback) of a payment that became a conversion. */
export interface StripeDisputesTable {
  merchant_id: string;
  mode: Mode;
  dispute_id: string;
  conversion_id: string;
  charge_id: string;
  amount_cents: number;
  currency: string;
  status: DisputeStatus;
  /** Stripe's reason code: fraudulent, product_not_received, … */
  reason: string | null;
  /** When charge.dispute.created was applied; null when the dispute was only seen closed. */
  opened_at: string | null;
  closed_at: string | null;
  created_at: string;
}

/**
 * A Stripe object (session, invoice, payment intent, charge) that leads to a conversion, so a
 * refund can find the payment it undoes. A payment seen before its invoice's conversion points
 * at the invoice instead (`invoice_id`), resolved when the refund comes.
 */
export interface StripeLinksTable {
  merchant_id: string;
  mode: Mode;
  stripe_id: string;
  kind: string;
  conversion_id: string | null;
  invoice_id: string | null;
  created_at: string;
}

/** A person who signs in to the dashboard for one merchant (server/users/). */
export interface UsersTable {
  id: string;
  merchant_id: string;
  email: string;
  /** scrypt, in the format of server/users/password.ts. */
  password_hash: string;
  created_at: string;
  last_sign_in_at: string | null;
}

/** A dashboard sign-in (server/sessions/). */
export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  merchant_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

/** A webhook delivery for a known merchant whose signature did not verify. */
export interface StripeSignatureFailuresTable {
  id: string;
  merchant_id: string;
  received_at: string;
  request_id: string;
  reason: string;
  message: string;
  claimed_mode: Mode | null;
}

/** An Idempotency-Key of one merchant and mode, and the answer to its first request. */
export interface IdempotencyKeysTable {
  merchant_id: string;
  mode: Mode;
  idempotency_key: string;
  request_hash: string;
  attempt_id: string;
  started_at: string;
  /** null while the first request with the key is running. */
  status_code: number | null;
  response_body: string | null;
  completed_at: string | null;
}

/** Daily aggregates (server/stats/); partner_id and currency are '' where none applies. */
export interface DailyStatsTable {
  merchant_id: string;
  mode: Mode;
  day: string;
  partner_id: string;
  currency: string;
  clicks: number;
  conversions: number;
  attributed_conversions: number;
  commission_cents: number;
  commission_reversed_cents: number;
}

export interface DailyReasonsTable {
  merchant_id: string;
  mode: Mode;
  day: string;
  partner_id: string;
  reason: string;
  conversions: number;
}

/** Integration health's daily counts (server/health/); key_id is '' where none applies. */
export interface DailyHealthTable {
  merchant_id: string;
  mode: Mode;
  day: string;
  kind: string;
  key_id: string;
  subject: string;
  count: number;
}

/** A click recorded only after its requests failed in the browser (migration 0013_truth). */
export interface ClickFailuresTable {
  click_id: string;
  merchant_id: string;
  mode: Mode;
  partner_id: string;
  failed_attempts: number;
  /** When the browser's first request failed (its clock), ISO 8601. */
  first_failed_at: string;
  /** When the retry was recorded (the server's clock). */
  recovered_at: string;
}

/** The promotion code behind a Stripe discount (`di_…`), from customer.discount.* events. */
export interface StripeDiscountsTable {
  merchant_id: string;
  mode: Mode;
  discount_id: string;
  /** null: a discount of a coupon alone, no promotion code. */
  promotion_code_id: string | null;
  subscription_id: string | null;
  created_at: string;
}

/** Fraud facts of the few clicks that have one (docs/fraud.md); most clicks have no row. */
export interface ClickSignalsTable {
  click_id: string;
  merchant_id: string;
  mode: Mode;
  /** 1: the snippet reported an automated browser (`navigator.webdriver`). */
  automated: number;
  /** The click's network's clicks in its window, when more than the program allowed. */
  network_clicks: number | null;
  network_minutes: number | null;
  created_at: string;
}

export interface WebhookEndpointsTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  url: string;
  /** JSON array of the event types it receives. */
  events: string;
  description: string | null;
  /** Signs every delivery; shown to the merchant once, at creation. */
  secret: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface WebhookEventsTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  type: string;
  /** The event as sent (JSON): the body of every delivery of it. */
  payload: string;
  created_at: string;
}

/** A change's events, not yet fanned out to deliveries by the worker (webhooks/fan-out.ts). */
export interface WebhookOutboxTable {
  seq: Generated<number>;
  merchant_id: string;
  mode: Mode;
  /** JSON: an OutboxChange (webhooks/outbox.ts). */
  events: string;
  created_at: string;
}

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

export interface WebhookDeliveriesTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  /** Retries stop here: three days after the event, or after a resend. */
  retry_until: string;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

export interface WebhookAttemptsTable {
  id: string;
  merchant_id: string;
  mode: Mode;
  delivery_id: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: string;
}

export interface PartnerPromotionCodesTable {
  merchant_id: string;
  promotion_code_id: string;
  partner_id: string;
  code: string | null;
  created_at: string;
}

export interface Database {
  merchants: MerchantsTable;
  api_keys: ApiKeysTable;
  programs: ProgramsTable;
  partners: PartnersTable;
  clicks: ClicksTable;
  conversions: ConversionsTable;
  commissions: CommissionsTable;
  refunds: RefundsTable;
  audit_log: AuditLogTable;
  stripe_integrations: StripeIntegrationsTable;
  stripe_events: StripeEventsTable;
  stripe_subscriptions: StripeSubscriptionsTable;
  stripe_links: StripeLinksTable;
  stripe_pending_events: StripePendingEventsTable;
  stripe_pending_refs: StripePendingRefsTable;
  stripe_disputes: StripeDisputesTable;
  users: UsersTable;
  sessions: SessionsTable;
  stripe_signature_failures: StripeSignatureFailuresTable;
  daily_stats: DailyStatsTable;
  daily_reasons: DailyReasonsTable;
  daily_health: DailyHealthTable;
  click_failures: ClickFailuresTable;
  click_signals: ClickSignalsTable;
  stripe_discounts: StripeDiscountsTable;
  idempotency_keys: IdempotencyKeysTable;
  payouts: PayoutsTable;
  commission_adjustments: CommissionAdjustmentsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_outbox: WebhookOutboxTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  partner_promotion_codes: PartnerPromotionCodesTable;
}

export type Merchant = Selectable<MerchantsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type Program = Selectable<ProgramsTable>;
export type Partner = Selectable<PartnersTable>;
export type Click = Selectable<ClicksTable>;
export type NewClick = Insertable<ClicksTable>;
export type Conversion = Selectable<ConversionsTable>;
export type Commission = Selectable<CommissionsTable>;
export type Refund = Selectable<RefundsTable>;
export type Payout = Selectable<PayoutsTable>;
export type CommissionAdjustment = Selectable<CommissionAdjustmentsTable>;
export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
export type WebhookEvent = Selectable<WebhookEventsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
export type WebhookAttempt = Selectable<WebhookAttemptsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
export type ProgramUpdate = Updateable<ProgramsTable>;
export type User = Selectable<UsersTable>;
export type Session = Selectable<SessionsTable>;

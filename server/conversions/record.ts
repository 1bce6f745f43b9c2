// Recording a conversion, from the Conversion API or from Stripe: refuse a duplicate
// transaction, gather the facts, decide (attribution/decide.ts), then store the conversion, its
// commission and the audit entry in one transaction. The conversion is always recorded, attributed
// or not; only a duplicate is refused.
import { type Earning, earningOf, type PaymentBreakdown } from "../attribution/commission";
import {
  type AttributionDecision,
  type AttributionFacts,
  attributionWindowEnd,
  type ClickFacts,
  decideAttribution,
  type RecurringFacts,
  recurringEarnsBefore,
} from "../attribution/decide";
import { missingClickDetail } from "../attribution/missing-click";
import { writeAuditEntry } from "../audit/repository";
import { findClickWithProgram, findPartnerWithProgramByRef } from "../clicks/repository";
import { presentCommission } from "../commissions/present";
import { findCommissionOf, insertCommission } from "../commissions/repository";
import { failedClickRef } from "../contract/failed-click";
import type { Mode } from "../contract/key-format";
import type { ConversionChannel } from "../contract/schemas/health";
import { checkFraud } from "../fraud/check";
import { FRAUD_HOLD } from "../fraud/review";
import { countInTransaction, HEALTH_KINDS } from "../health/counts";
import { DAY_MS, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import { type CommissionRule, commissionRuleOf, trialBountyOf } from "../programs/repository";
import type { Services } from "../services";
import { countConversion } from "../stats/daily";
import { isUniqueViolation } from "../store/errors";
import type { Commission, Conversion, Program } from "../store/schema";
import { type MerchantQueries, type ModeQueries, merchantScoped, scoped } from "../store/tenant";
import { emitWebhookEvents, type OutboundEvent } from "../webhooks/outbox";
import { presentConversion } from "./present";
import { type Credited, promotionCodeDecision } from "./promotion-code";
import { findConversion, findConversionByTransaction, insertConversion } from "./repository";

/** What recording a conversion uses of the services. */
export type ConversionServices = Pick<Services, "store" | "clock" | "metrics">;

export interface ConversionContext {
  merchantId: string;
  /** The mode of the key, or of the Stripe event (`livemode`). */
  mode: Mode;
  /** Stored on the conversion and on its audit entry. */
  requestId: string;
  source: "api" | "stripe";
  stripeEventId?: string;
}

/** The API body's fields, already validated (contract/schemas/conversions.ts). */
export interface ConversionInput {
  /** null, absent or blank: unattributed with CLICK_ID_MISSING. */
  click_id?: string | null;
  event_type: string;
  external_transaction_id: string;
  amount_cents: number;
  currency: string;
  /**
   * The merchant's customer id, or the Stripe customer (cus_…) of a Stripe event: one customer
   * through many partners, and a partner's own Stripe customer (self-referral), are fraud signals.
   */
  customer_id?: string | null;
  /** A Stripe promotion code (promo_…) the sale or invoice used: its owner may be credited. */
  promotion_code?: string | null;
  /** The customer's e-mail, when known: only compared (self-referral), never stored. */
  customer_email?: string | null;
  /** ISO-8601; default: now. The attribution window is checked against it. */
  occurred_at?: string;
  metadata?: Record<string, string> | null;
  /**
   * Stripe only: the payment's tax and shipping, so the commission is taken of its base, and a
   * payment of zero (a trial, a free period) earns nothing (attribution/commission.ts earningOf).
   */
  payment?: PaymentBreakdown;
  /** Stripe only: where the click id was read (metadata.aff_click_id, …), for the audit log. */
  click_id_source?: string | null;
  /**
   * Where the conversion came from, finer than `source`: the Conversion API, a Checkout Session
   * (made by a Payment Link or not), a subscription's invoice. In the audit facts, and counted by
   * integration health when the click id is missing. Default: `api`, or `stripe_invoice` for a
   * renewal and `stripe_checkout` for another Stripe conversion.
   */
  channel?: ConversionChannel;
}

/** A subscription renewal: which earlier conversion it renews. */
export interface RecurringOf {
  /** The subscription's first conversion (same merchant and mode), attributed or not. */
  firstConversionId: string;
  /**
   * The start of the billing period this payment pays for (Stripe: the invoice line's
   * `period.start`); defaults to the payment's `occurred_at`.
   */
  periodStart?: string;
  /**
   * Where recurring_months start counting: the first paid billing period's start. Defaults to the
   * first conversion's `occurred_at` (a subscription whose first payment was not free).
   */
  recurringFrom?: string;
}

export interface RecordedConversion {
  conversion: Conversion;
  commission: Commission | null;
  decision: AttributionDecision;
  facts: AttributionFacts;
}

export type ConversionOutcome =
  | ({ kind: "recorded" } & RecordedConversion)
  /** The transaction was reported before (also by a racing request): `conversion` is the first. */
  | { kind: "duplicate"; conversion: Conversion; commission: Commission | null };

type RecurringOutcome =
  | ConversionOutcome
  /** The first conversion does not exist in this merchant and mode. */
  | { kind: "first_conversion_not_found" };

const FIRST_CONVERSION_NOT_FOUND: RecurringOutcome = { kind: "first_conversion_not_found" };

/** Reports a sale or sign-up; a repeated transaction is a `duplicate` (audited, not recorded). */
export function recordConversion(
  services: ConversionServices,
  ctx: ConversionContext,
  input: ConversionInput,
): Promise<ConversionOutcome> {
  return record(services, ctx, input);
}

/**
 * Reports a recurring payment (Stripe `invoice.paid` for a renewal). It is credited to the
 * partner of `recurringOf.firstConversionId`'s click, through that click's program, while the
 * program's `recurring_months` last (counted from the first payment; the click's attribution
 * window does not apply); a renewal of an unattributed first payment is unattributed with the
 * first payment's reason. `input.click_id` is ignored: the first conversion's click is used.
 */
export async function recordRecurringConversion(
  services: ConversionServices,
  ctx: ConversionContext,
  input: ConversionInput,
  recurringOf: RecurringOf,
): Promise<RecurringOutcome> {
  const first = await findConversion(scoped(services.store.db, ctx), recurringOf.firstConversionId);
  if (!first) return FIRST_CONVERSION_NOT_FOUND;
  return record(services, ctx, { ...input, click_id: first.click_id }, { first, recurringOf });
}

interface Renewal {
  first: Conversion;
  recurringOf: RecurringOf;
}

/** What is known about a click: the click itself, its partner now, and its program now. */
interface ClickContext {
  facts: ClickFacts;
  program: Program;
  /** For the fraud signals only; not an audit fact. */
  visitorHash: string;
}

async function record(
  services: ConversionServices,
  ctx: ConversionContext,
  input: ConversionInput,
  renewal?: Renewal,
): Promise<ConversionOutcome> {
  const tenant = scoped(services.store.db, ctx);
  const channel: ConversionChannel =
    input.channel ??
    (ctx.source === "api" ? "api" : renewal ? "stripe_invoice" : "stripe_checkout");
  const existing = await findConversionByTransaction(tenant, input.external_transaction_id);
  if (existing) return duplicate(services, tenant, ctx, input, existing);

  const occurredAt = toIso(input.occurred_at ? new Date(input.occurred_at) : services.clock.now());
  const clickId = input.click_id?.trim() ? input.click_id.trim() : null;
  const click = clickId
    ? await loadClick(merchantScoped(services.store.db, ctx.merchantId), clickId)
    : null;
  const facts: AttributionFacts = {
    click_id: clickId,
    conversion_mode: ctx.mode,
    occurred_at: occurredAt,
    click: click?.facts ?? null,
    ...(renewal ? { recurring: recurringFacts(renewal, click, occurredAt) } : {}),
  };
  const byRef =
    renewal === undefined ? await creditByRef(services, ctx, failedClickRef(clickId)) : null;
  let decision: AttributionDecision = byRef
    ? { decision: "attributed", reason: "ATTRIBUTED_BY_REF" }
    : decideAttribution(facts);

  // The partner and program are named on the conversion whenever the click is this mode's own,
  // so a merchant sees whose sale it was even when it earned nothing.
  const sameModeClick = click && click.facts.mode === ctx.mode ? click : null;
  // Who is credited: the click's partner, or the partner a failed click's ref names.
  let credited: Credited | null = byRef
    ? { partnerId: byRef.partner_id, programId: byRef.program_id, program: byRef.program }
    : sameModeClick
      ? {
          partnerId: sameModeClick.facts.partner_id,
          programId: sameModeClick.facts.program_id,
          program: sameModeClick.program,
        }
      : null;
  // A partner's Stripe promotion code credits its owner: with no (valid) click, or over another
  // partner's click when the owner's program lets the code win (docs/promotion-codes.md).
  // A renewal's invoice too: its code credits while the code's program's recurring_months cover
  // the billing period.
  const promo = input.promotion_code
    ? await promotionCodeDecision(services, ctx.merchantId, input.promotion_code, {
        decision,
        clickPartnerId: credited?.partnerId ?? null,
        ...(facts.recurring ? { recurring: facts.recurring } : {}),
      })
    : null;
  if (promo?.credit) {
    decision = { decision: "attributed", reason: "ATTRIBUTED_PROMO_CODE" };
    credited = promo.credit;
  }
  const now = toIso(services.clock.now());
  const conversion: Conversion = {
    id: newId("conv"),
    merchant_id: ctx.merchantId,
    mode: ctx.mode,
    click_id: clickId,
    partner_id: credited?.partnerId ?? null,
    program_id: credited?.programId ?? null,
    event_type: input.event_type,
    external_transaction_id: input.external_transaction_id,
    amount_cents: input.amount_cents,
    currency: input.currency,
    customer_id: input.customer_id ?? null,
    metadata: input.metadata ? JSON.stringify(input.metadata) : null,
    status: decision.decision,
    reason: decision.reason,
    reason_detail: missingClickDetail(decision.reason, clickId, ctx.source),
    refunded_amount_cents: 0,
    source: ctx.source,
    occurred_at: occurredAt,
    created_at: now,
    request_id: ctx.requestId,
  };

  let commission: Commission | null = null;
  let rule: CommissionRule | null = null;
  let earning: Earning | null = null;
  if (decision.decision === "attributed" && credited) {
    const program = credited.program;
    rule = commissionRuleOf(program);
    earning = earningOf(
      {
        rule,
        trial_bounty: trialBountyOf(program),
        base_includes_shipping: program.commission_base_includes_shipping === 1,
      },
      { amount_cents: input.amount_cents, currency: input.currency },
      input.payment,
    );
    if (earning.commission) {
      commission = {
        id: newId("com"),
        merchant_id: ctx.merchantId,
        mode: ctx.mode,
        conversion_id: conversion.id,
        partner_id: credited.partnerId,
        program_id: credited.programId,
        amount_cents: earning.commission.amount_cents,
        reversed_amount_cents: 0,
        currency: earning.commission.currency,
        status: "pending",
        held_by: null,
        status_before_hold: null,
        due_at: toIso(new Date(Date.parse(now) + program.hold_days * DAY_MS)),
        payout_id: null,
        paid_at: null,
        paid_amount_cents: null,
        created_at: now,
        updated_at: now,
      };
    }
  }

  // Fraud signals hold a new commission (not a renewal's: the first payment was checked, unless
  // the renewal's code credits a partner the first payment did not).
  const fraud =
    commission && credited && (!renewal || renewal.first.partner_id !== credited.partnerId)
      ? await checkFraud(services, ctx, {
          program: credited.program,
          partnerId: commission.partner_id,
          customerEmail: input.customer_email ?? null,
          customerId: input.customer_id ?? null,
          click: sameModeClick
            ? {
                id: sameModeClick.facts.id,
                visitorHash: sameModeClick.visitorHash,
                createdAt: sameModeClick.facts.created_at,
              }
            : null,
          occurredAt,
        })
      : null;
  if (commission && fraud && fraud.signals.length > 0) {
    commission = {
      ...commission,
      status: "held",
      held_by: FRAUD_HOLD,
      status_before_hold: "pending",
    };
  }

  try {
    await inTransaction(services, ctx, async (trx) => {
      await insertConversion(trx, conversion);
      if (commission) await insertCommission(trx, commission);
      await writeAuditEntry(trx, services.clock, {
        requestId: ctx.requestId,
        action: "attribution",
        decision: decision.decision,
        reason: decision.reason,
        clickId,
        conversionId: conversion.id,
        externalTransactionId: input.external_transaction_id,
        stripeEventId: ctx.stripeEventId ?? null,
        facts: {
          ...facts,
          // A click of the other mode is named, never described: test and live data never mix,
          // not even in the audit log.
          click: sameModeClick
            ? sameModeClick.facts
            : click
              ? { id: click.facts.id, mode: click.facts.mode }
              : null,
          source: ctx.source,
          channel,
          ...(byRef
            ? {
                credited_by_ref: {
                  ref: failedClickRef(clickId),
                  partner_id: byRef.partner_id,
                  program_id: byRef.program_id,
                },
              }
            : {}),
          ...(conversion.reason_detail
            ? {
                reason_detail: conversion.reason_detail,
                failed_click_ref: failedClickRef(clickId),
              }
            : {}),
          ...(promo ? { promotion_code: promo.facts } : {}),
          ...(input.click_id_source !== undefined
            ? { click_id_source: input.click_id_source }
            : {}),
          window_ends_at:
            sameModeClick && !renewal ? attributionWindowEnd(sameModeClick.facts) : null,
          ...(facts.recurring
            ? { recurring_earns_before: recurringEarnsBefore(facts.recurring) }
            : {}),
          commission_rule: rule,
          ...(earning ? earningFacts(earning) : {}),
          commission: commission
            ? { amount_cents: commission.amount_cents, currency: commission.currency }
            : null,
        },
      });
      if (commission && fraud && fraud.signals.length > 0) {
        await writeAuditEntry(trx, services.clock, {
          requestId: ctx.requestId,
          action: "fraud_hold",
          decision: "held",
          reason: "FRAUD_SIGNALS",
          clickId,
          conversionId: conversion.id,
          externalTransactionId: input.external_transaction_id,
          stripeEventId: ctx.stripeEventId ?? null,
          facts: { commission_id: commission.id, signals: fraud.signals, rules: fraud.rules },
        });
      }
      await countConversion(trx, conversion, commission);
      if (decision.reason === "CLICK_ID_MISSING") {
        await countInTransaction(trx, {
          day: now.slice(0, 10),
          kind: HEALTH_KINDS.clickIdMissing,
          keyId: "",
          subject: channel,
        });
      }
      await emitWebhookEvents(trx, services.clock, conversionEvents(conversion, commission));
    });
  } catch (error) {
    // The unique constraint is the real guard: the loser of a race learns the winner's id.
    if (isUniqueViolation(error)) {
      const winner = await findConversionByTransaction(tenant, input.external_transaction_id);
      if (winner) return duplicate(services, tenant, ctx, input, winner);
    }
    throw error;
  }

  services.metrics.conversions.inc({
    mode: ctx.mode,
    status: decision.decision,
    reason: decision.reason,
  });
  return { kind: "recorded", conversion, commission, decision, facts };
}

/**
 * The conversion's writes in one transaction. On SQLite, conversions that arrive together share
 * it (each in its own savepoint, store/grouped-transactions.ts): one commit and one fdatasync
 * for the group instead of one each, and a failing conversion still fails alone.
 */
function inTransaction(
  services: ConversionServices,
  ctx: ConversionContext,
  work: (trx: ModeQueries) => Promise<void>,
): Promise<void> {
  const scope = { merchantId: ctx.merchantId, mode: ctx.mode };
  const grouped = services.store.grouped;
  return grouped
    ? grouped.run((trx) => work(scoped(trx, scope)))
    : scoped(services.store.db, scope).transaction(work);
}

/**
 * The partner a failed click's ref names, when its program credits such sales by ref
 * (`attribute_by_ref`), is last_click, and the partner is approved; null otherwise (the sale then stays
 * CLICK_ID_MISSING / click_failed_in_browser).
 */
async function creditByRef(
  services: ConversionServices,
  ctx: ConversionContext,
  ref: string | null,
): Promise<{ partner_id: string; program_id: string; program: Program } | null> {
  if (!ref) return null;
  const row = await findPartnerWithProgramByRef(
    merchantScoped(services.store.db, ctx.merchantId),
    ref,
  );
  // last_click programs only: the snippet keeps the newest failed link, which under first_click
  // need not be the first (measured: docs/attribution-truth.md).
  if (row?.attribute_by_ref !== 1) return null;
  if (row.attribution_model !== "last_click" || row.partner_status !== "approved") return null;
  const { partner_id, partner_status: _status, ...program } = row;
  return { partner_id, program_id: program.id, program };
}

async function loadClick(tenant: MerchantQueries, clickId: string): Promise<ClickContext | null> {
  // Within the merchant only: another merchant's click id is simply not found.
  const row = await findClickWithProgram(tenant, clickId);
  if (!row) return null;
  const {
    click_id,
    click_mode,
    click_created_at,
    click_expires_at,
    click_partner_id,
    click_visitor_hash,
    partner_status,
    ...program
  } = row;
  return {
    facts: {
      id: click_id,
      mode: click_mode,
      created_at: click_created_at,
      partner_id: click_partner_id,
      partner_status,
      program_id: program.id,
      expires_at: click_expires_at,
      attribution_model: program.attribution_model,
    },
    program,
    visitorHash: click_visitor_hash,
  };
}

function recurringFacts(
  renewal: Renewal,
  click: ClickContext | null,
  occurredAt: string,
): RecurringFacts {
  return {
    first_conversion_id: renewal.first.id,
    first_status: renewal.first.status,
    first_reason: renewal.first.reason as RecurringFacts["first_reason"],
    first_occurred_at: renewal.first.occurred_at,
    recurring_from: renewal.recurringOf.recurringFrom ?? renewal.first.occurred_at,
    recurring_months: click?.program.recurring_months ?? 0,
    period_start: toIso(new Date(renewal.recurringOf.periodStart ?? occurredAt)),
  };
}

/** How the commission came about, in the audit log's words. */
function earningFacts(earning: Earning): Record<string, unknown> {
  switch (earning.kind) {
    case "commission":
      return { earning: "commission", ...(earning.base ? { commission_base: earning.base } : {}) };
    case "trial_bounty":
      return { earning: "trial_bounty", trial_bounty: earning.commission };
    case "free_period":
      return {
        earning: "free_period",
        detail:
          "A payment of zero (a trial, a period at 100 % off) earns nothing; the program pays no trial bounty for a free sign-up.",
      };
  }
}

/**
 * A repeated transaction: the first conversion stands. The refusal is written to the audit log:
 * "duplicate conversion" is one of the guide's reasons a sale shows no partner.
 */
async function duplicate(
  services: ConversionServices,
  tenant: ModeQueries,
  ctx: ConversionContext,
  input: ConversionInput,
  first: Conversion,
): Promise<ConversionOutcome> {
  await writeAuditEntry(tenant, services.clock, {
    requestId: ctx.requestId,
    action: "attribution",
    decision: "rejected",
    reason: "CONVERSION_DUPLICATE",
    clickId: input.click_id?.trim() || null,
    conversionId: first.id,
    externalTransactionId: first.external_transaction_id,
    stripeEventId: ctx.stripeEventId ?? null,
    facts: {
      source: ctx.source,
      first_conversion_id: first.id,
      first_created_at: first.created_at,
      first_request_id: first.request_id,
      first_source: first.source,
      first_click_id: first.click_id,
    },
  });
  // The first conversion's outcome, so a plain retry learns it without another request.
  return {
    kind: "duplicate",
    conversion: first,
    commission: await findCommissionOf(tenant, first.id),
  };
}

/** What a recorded conversion reports to webhook endpoints. */
function conversionEvents(conversion: Conversion, commission: Commission | null): OutboundEvent[] {
  const object = presentConversion(conversion, commission);
  const events: OutboundEvent[] = [{ type: "conversion.recorded", object }];
  if (conversion.status === "attributed") events.push({ type: "conversion.attributed", object });
  if (commission)
    events.push({ type: "commission.created", object: presentCommission(commission) });
  return events;
}

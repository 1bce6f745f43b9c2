// Refunding a conversion in part or whole, from the API or from Stripe's charge.refunded. In one
// transaction: the external refund id is claimed, the refunded total grows by a conditional
// update (racing refunds cannot exceed the amount), the commission is reversed in proportion,
// the daily aggregates count the reversal, and the audit entry is written. What happened comes
// back as an outcome for the caller to answer: the API maps it to its envelope, the Stripe
// handler to an audit reason.
import { computeReversal } from "../attribution/commission";
import { writeAuditEntry } from "../audit/repository";
import { presentCommission } from "../commissions/present";
import { findCommissionOf, reverseCommission } from "../commissions/repository";
import type { Mode } from "../contract/key-format";
import type { AuditAction } from "../contract/schemas/audit";
import { addRefundedCents, findConversion, refundedTotals } from "../conversions/repository";
import { type Clock, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import { carryAdjustment } from "../payouts/adjustments";
import type { Services } from "../services";
import { addToDailyStats, reversalDelta } from "../stats/daily";
import { isUniqueViolation } from "../store/errors";
import type { Commission, CommissionAdjustment, Conversion, Refund } from "../store/schema";
import { type ModeQueries, scoped } from "../store/tenant";
import { emitWebhookEvents } from "../webhooks/outbox";
import { findRefundByExternalId, insertRefund, setCommissionReversed } from "./repository";

export interface RefundContext {
  merchantId: string;
  mode: Mode;
  requestId: string;
  stripeEventId?: string;
}

export interface RefundInput {
  conversionId: string;
  /** > 0 and at most what has not been refunded yet. */
  amountCents: number;
  /** Stripe's `re_…` (or the merchant's own id): the same id is applied once. */
  externalRefundId?: string;
  /** The audit entry's action and reason, when the money went back otherwise (a lost dispute). */
  auditAs?: { action: AuditAction; reason: string };
}

interface RefundApplied {
  refund: Refund;
  /** The conversion and commission after the refund. */
  conversion: Conversion;
  commission: Commission | null;
}

export type RefundOutcome =
  | ({ kind: "refunded" } & RefundApplied)
  /** `externalRefundId` had been applied before: nothing was done this time. */
  | ({ kind: "already_applied" } & RefundApplied)
  /** No such conversion in this merchant and mode. */
  | { kind: "not_found" }
  /** The amount is not a whole number of cents above 0. */
  | { kind: "invalid_amount" }
  | {
      kind: "exceeds_refundable";
      refundableCents: number;
      refundedCents: number;
      amountCents: number;
    }
  /** `externalRefundId` was already used for another conversion. */
  | { kind: "refund_id_taken"; conversionId: string };

/** Audit reasons of refund entries (action `refund`). */
type RefundReason = "REFUNDED_IN_FULL" | "REFUNDED_IN_PART";

const NOT_FOUND: RefundOutcome = { kind: "not_found" };
const INVALID_AMOUNT: RefundOutcome = { kind: "invalid_amount" };

/** Thrown inside the transaction to roll it back; answered as its outcome. */
class RefundRefused extends Error {
  constructor(readonly outcome: RefundOutcome) {
    super(outcome.kind);
  }
}

export async function refundConversion(
  services: Pick<Services, "store" | "clock">,
  ctx: RefundContext,
  input: RefundInput,
): Promise<RefundOutcome> {
  const tenant = scoped(services.store.db, ctx);
  const conversion = await findConversion(tenant, input.conversionId);
  if (!conversion) return NOT_FOUND;
  const earlier = await appliedBefore(tenant, input);
  if (earlier) return earlier;
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) return INVALID_AMOUNT;

  try {
    return await tenant.transaction((trx) =>
      applyRefund(trx, services.clock, ctx, conversion, input),
    );
  } catch (error) {
    if (error instanceof RefundRefused) return error.outcome;
    // A second delivery of the same external refund lost the race for its id.
    if (input.externalRefundId && isUniqueViolation(error)) {
      const winner = await appliedBefore(tenant, input);
      if (winner) return winner;
    }
    throw error;
  }
}

/**
 * Inside the caller's transaction (a dispute's): refunds `upToCents`, or what remains of the
 * conversion if less, once per external id. `exceeds_refundable` with 0 when nothing remains.
 */
export async function refundRemainderWithin(
  trx: ModeQueries,
  clock: Clock,
  ctx: RefundContext,
  input: Required<Pick<RefundInput, "conversionId" | "externalRefundId">> &
    Pick<RefundInput, "auditAs"> & { upToCents: number },
): Promise<RefundOutcome> {
  const earlier = await appliedBefore(trx, { ...input, amountCents: input.upToCents });
  if (earlier) return earlier;
  const conversion = await findConversion(trx, input.conversionId);
  if (!conversion) return NOT_FOUND;
  const amountCents = Math.min(
    input.upToCents,
    conversion.amount_cents - conversion.refunded_amount_cents,
  );
  if (amountCents <= 0) return exceeds(trx, conversion.id);
  return applyRefund(trx, clock, ctx, conversion, { ...input, amountCents });
}

/** The steps of one refund, on the transaction's tenant handle. */
async function applyRefund(
  trx: ModeQueries,
  clock: Clock,
  ctx: RefundContext,
  conversion: Conversion,
  input: RefundInput,
): Promise<RefundOutcome> {
  const now = toIso(clock.now());
  const refund: Refund = {
    id: newId("rfd"),
    merchant_id: ctx.merchantId,
    mode: ctx.mode,
    conversion_id: conversion.id,
    amount_cents: input.amountCents,
    commission_reversed_cents: 0,
    external_refund_id: input.externalRefundId ?? null,
    request_id: ctx.requestId,
    created_at: now,
  };
  // The external id is claimed first, so a second delivery of the same Stripe refund waits here
  // (PostgreSQL) and then fails on the unique constraint instead of refunding twice.
  await insertRefund(trx, refund);
  const updated = await addRefundedCents(trx, conversion.id, input.amountCents);
  if (!updated) throw new RefundRefused(await exceeds(trx, conversion.id));
  const reversal = await reverseInProportion(trx, updated, refund, now);
  refund.commission_reversed_cents = reversal.reversedNow;
  await writeAuditEntry(trx, clock, {
    requestId: ctx.requestId,
    action: input.auditAs?.action ?? "refund",
    decision: reversal.after ? reversal.after.status : "no_commission",
    reason: input.auditAs?.reason ?? refundReason(updated),
    clickId: conversion.click_id,
    conversionId: conversion.id,
    externalTransactionId: conversion.external_transaction_id,
    stripeEventId: ctx.stripeEventId ?? null,
    facts: {
      refund_id: refund.id,
      external_refund_id: refund.external_refund_id,
      refund_cents: refund.amount_cents,
      conversion_amount_cents: updated.amount_cents,
      currency: updated.currency,
      refunded_before_cents: updated.refunded_amount_cents - refund.amount_cents,
      refunded_after_cents: updated.refunded_amount_cents,
      commission_id: reversal.after?.id ?? null,
      commission_amount_cents: reversal.after?.amount_cents ?? null,
      commission_reversed_before_cents: reversal.before?.reversed_amount_cents ?? null,
      commission_reversed_now_cents: reversal.after ? reversal.reversedNow : null,
      commission_reversed_after_cents: reversal.after?.reversed_amount_cents ?? null,
      commission_status_before: reversal.before?.status ?? null,
      commission_status_after: reversal.after?.status ?? null,
      ...(reversal.adjustment
        ? {
            adjustment: {
              id: reversal.adjustment.id,
              amount_cents: reversal.adjustment.amount_cents,
              currency: reversal.adjustment.currency,
              paid_by_payout_id: reversal.after?.payout_id ?? null,
              carried_to: "the partner's next payout",
            },
          }
        : {}),
    },
  });
  if (reversal.after && reversal.reversedNow > 0) {
    await emitWebhookEvents(trx, clock, [
      { type: "commission.reversed", object: presentCommission(reversal.after) },
    ]);
  }
  return { kind: "refunded", refund, conversion: updated, commission: reversal.after };
}

interface Reversal {
  before: Commission | null;
  after: Commission | null;
  reversedNow: number;
  adjustment: CommissionAdjustment | null;
}

/**
 * Reverses the commission by the refund's share of the conversion. The conversion row is locked
 * by the refunded-total update, so the commission read here is current.
 */
async function reverseInProportion(
  trx: ModeQueries,
  conversion: Conversion,
  refund: Refund,
  now: string,
): Promise<Reversal> {
  const before = await findCommissionOf(trx, conversion.id);
  if (!before) return { before, after: null, reversedNow: 0, adjustment: null };
  const reversal = computeReversal({
    conversion_amount_cents: conversion.amount_cents,
    refunded_before_cents: conversion.refunded_amount_cents - refund.amount_cents,
    refund_cents: refund.amount_cents,
    commission_amount_cents: before.amount_cents,
    reversed_before_cents: before.reversed_amount_cents,
  });
  const change = {
    reversedAfter: reversal.reversed_after_cents,
    inFull: reversal.status === "reversed",
    at: now,
  };
  if (!(await reverseCommission(trx, before, change))) {
    throw new Error(`commission ${before.id} changed during refund ${refund.id}`);
  }
  await setCommissionReversed(trx, refund.id, reversal.reverse_cents);
  if (reversal.reverse_cents > 0) {
    await addToDailyStats(trx, [reversalDelta(before, reversal.reverse_cents, now)]);
  }
  const after = await findCommissionOf(trx, conversion.id);
  if (!after) throw new Error(`commission ${before.id} vanished during refund ${refund.id}`);
  // Paid already: the partner has the money, so what the refund takes back is a negative
  // adjustment to their next payout, never an edit of what was paid.
  const adjustment =
    after.payout_id !== null && reversal.reverse_cents > 0
      ? await carryAdjustment(trx, after, {
          amountCents: -reversal.reverse_cents,
          reason: "REFUNDED_AFTER_PAYMENT",
          refundId: refund.id,
          at: now,
        })
      : null;
  return { before, after, reversedNow: reversal.reverse_cents, adjustment };
}

function refundReason(conversion: Conversion): RefundReason {
  return conversion.refunded_amount_cents >= conversion.amount_cents
    ? "REFUNDED_IN_FULL"
    : "REFUNDED_IN_PART";
}

async function exceeds(trx: ModeQueries, conversionId: string): Promise<RefundOutcome> {
  const totals = await refundedTotals(trx, conversionId);
  const amountCents = totals?.amount_cents ?? 0;
  const refundedCents = totals?.refunded_amount_cents ?? 0;
  return {
    kind: "exceeds_refundable",
    refundableCents: amountCents - refundedCents,
    refundedCents,
    amountCents,
  };
}

/** The refund already made under this external id, with the current conversion and commission. */
async function appliedBefore(
  tenant: ModeQueries,
  input: RefundInput,
): Promise<RefundOutcome | null> {
  if (!input.externalRefundId) return null;
  const refund = await findRefundByExternalId(tenant, input.externalRefundId);
  if (!refund) return null;
  if (refund.conversion_id !== input.conversionId) {
    return { kind: "refund_id_taken", conversionId: refund.conversion_id };
  }
  const conversion = await findConversion(tenant, refund.conversion_id);
  if (!conversion) return null;
  return {
    kind: "already_applied",
    refund,
    conversion,
    commission: await findCommissionOf(tenant, conversion.id),
  };
}

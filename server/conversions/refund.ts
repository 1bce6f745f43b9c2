// Refunding a conversion in part or whole, from the API or from Stripe's charge.refunded: the
// refunded total grows by a conditional update (racing refunds cannot exceed the amount), the
// commission is reversed in proportion, and a refund row and an audit entry are written, all in
// one transaction.
import { computeReversal } from "../attribution/commission";
import { writeAuditEntry } from "../audit/write";
import { ApiError } from "../contract/errors";
import type { Mode } from "../contract/key-format";
import { notFoundInMode } from "../http/not-found";
import { toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { Services } from "../services";
import { addToDailyStats, reversalDelta } from "../stats/daily";
import { isUniqueViolation } from "../store/errors";
import type { Commission, Conversion, Refund } from "../store/schema";
import { findCommissionOf, findConversion } from "./repository";

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
}

export interface RefundResult {
  refund: Refund;
  /** The conversion and commission after the refund. */
  conversion: Conversion;
  commission: Commission | null;
  /** False when `externalRefundId` had been applied before: nothing was done this time. */
  created: boolean;
}

/** Audit reasons of refund entries (action `refund`). */
export type RefundReason = "REFUNDED_IN_FULL" | "REFUNDED_IN_PART";

/**
 * Throws ApiError NOT_FOUND (no such conversion in this merchant and mode) or VALIDATION_ERROR
 * (amount not positive, more than what remains refundable, or `externalRefundId` already used
 * for another conversion; details.refundable_cents says how much remains).
 */
export async function refundConversion(
  services: Services,
  ctx: RefundContext,
  input: RefundInput,
): Promise<RefundResult> {
  const { db } = services.store;
  const conversion = await findConversion(db, ctx.merchantId, ctx.mode, input.conversionId);
  if (!conversion) {
    throw notFoundInMode("conversion", input.conversionId, ctx.mode, "/api/v1/conversions");
  }
  if (input.externalRefundId) {
    const applied = await appliedBefore(services, ctx, input);
    if (applied) return applied;
  }
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    throw new ApiError(
      "VALIDATION_ERROR",
      "amount_cents must be a whole number of cents above 0.",
      {
        details: { fields: { amount_cents: "must be greater than 0" } },
      },
    );
  }

  const now = toIso(services.clock.now());
  const refundId = newId("rfd");
  try {
    return await db.transaction().execute(async (trx) => {
      // The external id is claimed first, so a second delivery of the same Stripe refund waits
      // here (PostgreSQL) and then fails on the unique constraint instead of refunding twice.
      await trx
        .insertInto("refunds")
        .values({
          id: refundId,
          merchant_id: ctx.merchantId,
          mode: ctx.mode,
          conversion_id: conversion.id,
          amount_cents: input.amountCents,
          commission_reversed_cents: 0,
          external_refund_id: input.externalRefundId ?? null,
          request_id: ctx.requestId,
          created_at: now,
        })
        .execute();

      // Conditional on what remains, so two racing refunds cannot exceed the amount: the second
      // one's condition is re-checked against the first one's committed total.
      const updated = await trx
        .updateTable("conversions")
        .set((eb) => ({
          refunded_amount_cents: eb("refunded_amount_cents", "+", input.amountCents),
        }))
        .where("id", "=", conversion.id)
        .where("merchant_id", "=", ctx.merchantId)
        .where("mode", "=", ctx.mode)
        .where((eb) =>
          eb("amount_cents", ">=", eb("refunded_amount_cents", "+", input.amountCents)),
        )
        .returningAll()
        .executeTakeFirst();
      if (!updated) {
        const current = await trx
          .selectFrom("conversions")
          .select(["amount_cents", "refunded_amount_cents"])
          .where("id", "=", conversion.id)
          .executeTakeFirstOrThrow();
        throw overRefund(conversion, input.amountCents, current);
      }
      const refundedBefore = updated.refunded_amount_cents - input.amountCents;

      let commission = await findCommissionOf(trx, conversion.id);
      const commissionBefore = commission;
      let reversedCents = 0;
      if (commission) {
        const reversal = computeReversal({
          conversion_amount_cents: updated.amount_cents,
          refunded_before_cents: refundedBefore,
          refund_cents: input.amountCents,
          commission_amount_cents: commission.amount_cents,
          reversed_before_cents: commission.reversed_amount_cents,
        });
        reversedCents = reversal.reverse_cents;
        // The conversion row is locked by the update above, so this read is current; the
        // condition on the old value makes any surprise a failed transaction, not a wrong sum.
        const result = await trx
          .updateTable("commissions")
          .set({
            reversed_amount_cents: reversal.reversed_after_cents,
            status: reversal.status,
            updated_at: now,
          })
          .where("id", "=", commission.id)
          .where("reversed_amount_cents", "=", commission.reversed_amount_cents)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) {
          throw new Error(`commission ${commission.id} changed during refund ${refundId}`);
        }
        commission = {
          ...commission,
          reversed_amount_cents: reversal.reversed_after_cents,
          status: reversal.status,
          updated_at: now,
        };
        await trx
          .updateTable("refunds")
          .set({ commission_reversed_cents: reversedCents })
          .where("id", "=", refundId)
          .execute();
        if (reversedCents > 0) {
          await addToDailyStats(trx, [reversalDelta(commission, reversedCents, now)]);
        }
      }

      const reason: RefundReason =
        updated.refunded_amount_cents >= updated.amount_cents
          ? "REFUNDED_IN_FULL"
          : "REFUNDED_IN_PART";
      await writeAuditEntry(trx, services.clock, {
        merchantId: ctx.merchantId,
        mode: ctx.mode,
        requestId: ctx.requestId,
        action: "refund",
        decision: commission ? commission.status : "no_commission",
        reason,
        clickId: conversion.click_id,
        conversionId: conversion.id,
        externalTransactionId: conversion.external_transaction_id,
        stripeEventId: ctx.stripeEventId ?? null,
        facts: {
          refund_id: refundId,
          external_refund_id: input.externalRefundId ?? null,
          refund_cents: input.amountCents,
          conversion_amount_cents: updated.amount_cents,
          currency: updated.currency,
          refunded_before_cents: refundedBefore,
          refunded_after_cents: updated.refunded_amount_cents,
          commission_id: commission?.id ?? null,
          commission_amount_cents: commission?.amount_cents ?? null,
          commission_reversed_before_cents: commissionBefore?.reversed_amount_cents ?? null,
          commission_reversed_now_cents: commission ? reversedCents : null,
          commission_reversed_after_cents: commission?.reversed_amount_cents ?? null,
        },
      });

      const refund: Refund = {
        id: refundId,
        merchant_id: ctx.merchantId,
        mode: ctx.mode,
        conversion_id: conversion.id,
        amount_cents: input.amountCents,
        commission_reversed_cents: reversedCents,
        external_refund_id: input.externalRefundId ?? null,
        request_id: ctx.requestId,
        created_at: now,
      };
      return { refund, conversion: updated, commission, created: true };
    });
  } catch (error) {
    if (input.externalRefundId && isUniqueViolation(error)) {
      const applied = await appliedBefore(services, ctx, input);
      if (applied) return applied;
    }
    throw error;
  }
}

/** The refund already made under this external id, with the current conversion and commission. */
async function appliedBefore(
  services: Services,
  ctx: RefundContext,
  input: RefundInput,
): Promise<RefundResult | null> {
  const { db } = services.store;
  const refund = await db
    .selectFrom("refunds")
    .selectAll()
    .where("merchant_id", "=", ctx.merchantId)
    .where("mode", "=", ctx.mode)
    .where("external_refund_id", "=", input.externalRefundId ?? "")
    .executeTakeFirst();
  if (!refund) return null;
  if (refund.conversion_id !== input.conversionId) {
    throw new ApiError(
      "VALIDATION_ERROR",
      `external_refund_id ${input.externalRefundId} was already used for ${refund.conversion_id}; each refund id belongs to one conversion.`,
      {
        details: {
          fields: { external_refund_id: `already used for ${refund.conversion_id}` },
          conversion_id: refund.conversion_id,
        },
      },
    );
  }
  const conversion = await findConversion(db, ctx.merchantId, ctx.mode, refund.conversion_id);
  if (!conversion) return null;
  return {
    refund,
    conversion,
    commission: await findCommissionOf(db, conversion.id),
    created: false,
  };
}

function overRefund(
  conversion: Conversion,
  requested: number,
  current: { amount_cents: number; refunded_amount_cents: number },
): ApiError {
  const refundable = current.amount_cents - current.refunded_amount_cents;
  const message =
    refundable === 0
      ? `Conversion ${conversion.id} has already been refunded in full; nothing remains to refund.`
      : `A refund of ${requested} cents exceeds what remains refundable on ${conversion.id}: ${refundable} of ${current.amount_cents} cents. Refund at most ${refundable}.`;
  return new ApiError("VALIDATION_ERROR", message, {
    details: {
      fields: { amount_cents: `must be at most ${refundable} (the amount not yet refunded)` },
      refundable_cents: refundable,
      refunded_amount_cents: current.refunded_amount_cents,
      amount_cents: current.amount_cents,
    },
  });
}

// charge.refunded: reverse the commission of the payment this charge made, in part or whole. A
// refund of a payment whose conversion has not arrived yet is kept until it does (pending.ts).
// Stripe reports the charge's cumulative `amount_refunded`; the new part is that minus what this
// charge's earlier events refunded, recorded under the id of the slice's starting point
// (`ch_…#1000`): two events racing for the same slice collide on the refund id (unique), and the
// loser re-reads the total and refunds only what is left. Redeliveries and out-of-order events
// therefore never refund twice.
import { z } from "zod";
import { formatMinorUnits } from "../../contract/minor-units";
import { findConversion } from "../../conversions/repository";
import { type RefundOutcome, refundConversion } from "../../refunds/refund";
import { refundedWithPrefix } from "../../refunds/repository";
import type { Conversion } from "../../store/schema";
import {
  acknowledgeIgnored,
  auditEvent,
  type EventScope,
  type EventServices,
  type Handled,
  type Ignored,
  ignored,
  tenantOf,
} from "../event-context";
import { resolveConversion } from "../links";
import {
  amountSchema,
  describeIssues,
  optionalIdSchema,
  stripeCurrencySchema,
  stripeIdSchema,
} from "../payload";
import { awaitOrPark } from "../pending";
import type { VerifiedEvent } from "../verify";

export const CHARGE_REFUNDED_EVENT_TYPES = ["charge.refunded"] as const;

export interface ChargeRefund {
  kind: "charge_refunded";
  chargeId: string;
  paymentIntentId: string | null;
  /** Older API versions name the invoice a charge paid. */
  invoiceId: string | null;
  /** Cumulative, as Stripe reports it: everything refunded on this charge so far. */
  amountRefundedCents: number;
  amountCents: number;
  currency: string;
}

const chargeSchema = z.object({
  id: stripeIdSchema,
  amount: amountSchema,
  amount_refunded: amountSchema,
  currency: stripeCurrencySchema,
  payment_intent: optionalIdSchema,
  invoice: optionalIdSchema,
});

/** Cap on re-reading a charge's refunded total when another delivery refunds it concurrently. */
const REFUND_ATTEMPTS = 5;

/** Pure: the charge's refunded total, or why the event records nothing. */
export function parseChargeRefunded(event: VerifiedEvent): ChargeRefund | Ignored {
  const parsed = chargeSchema.safeParse(event.object);
  if (!parsed.success) {
    return ignored("MALFORMED_OBJECT", `The charge: ${describeIssues(parsed.error)}.`);
  }
  const charge = parsed.data;
  return {
    kind: "charge_refunded",
    chargeId: charge.id,
    paymentIntentId: charge.payment_intent,
    invoiceId: charge.invoice,
    amountRefundedCents: charge.amount_refunded,
    amountCents: charge.amount,
    currency: charge.currency,
  };
}

/** Refund slices are keyed by where they start on the charge's running total: `ch_…#1000`. */
function refundSliceId(chargeId: string, fromCents: number): string {
  return `${chargeId}#${fromCents}`;
}

export async function handleChargeRefunded(
  services: EventServices,
  scope: EventScope,
): Promise<Handled> {
  const refund = parseChargeRefunded(scope.event);
  if (refund.kind === "ignored") return acknowledgeIgnored(services, scope, refund);
  const tenant = tenantOf(services, scope);
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
  const found = await awaitOrPark(
    services,
    scope,
    {
      waitsOn: ids,
      reason: "REFUND_AWAITING_PAYMENT",
      detail:
        "No conversion recorded from Stripe is paid by this charge yet: the refund is kept and applied when its Checkout Session or invoice arrives.",
      facts,
    },
    async () => {
      const conversionId = await resolveConversion(tenant, ids);
      return conversionId ? findConversion(tenant, conversionId) : undefined;
    },
  );
  if (found.kind === "parked") return found.handled;
  if (found.kind === "expired") {
    await auditEvent(services, scope, "expired", "REFUND_PAYMENT_UNKNOWN", {
      facts: {
        ...facts,
        detail:
          "No conversion recorded from Stripe is paid by this charge (its Checkout Session or invoice was never received, or, on API versions from 2025-03-31, invoice_payment.paid is not sent): the refund was kept as long as Selgeo waits and is given up. A redelivery of the event tries again.",
      },
    });
    return { outcome: "expired", reason: "REFUND_PAYMENT_UNKNOWN", conversionId: null };
  }
  const conversion = found.value;
  if (conversion.currency !== refund.currency) {
    await auditEvent(services, scope, "ignored", "REFUND_CURRENCY_MISMATCH", {
      conversionId: conversion.id,
      externalTransactionId: conversion.external_transaction_id,
      facts: { ...facts, conversion_currency: conversion.currency },
    });
    return { outcome: "ignored", reason: "REFUND_CURRENCY_MISMATCH", conversionId: conversion.id };
  }

  const applied = (): Handled => ({
    outcome: "refunded",
    reason: "REFUND_APPLIED",
    conversionId: conversion.id,
  });
  const prefix = `${refund.chargeId}#`;
  for (let attempt = 0; attempt < REFUND_ATTEMPTS; attempt += 1) {
    const before = await refundedWithPrefix(tenant, conversion.id, prefix);
    const newCents = refund.amountRefundedCents - before;
    if (newCents <= 0) {
      await auditEvent(services, scope, "already_refunded", "REFUND_ALREADY_APPLIED", {
        conversionId: conversion.id,
        externalTransactionId: conversion.external_transaction_id,
        facts: { ...facts, refunded_through_charge_cents: before },
      });
      return { outcome: "refunded", reason: "REFUND_ALREADY_APPLIED", conversionId: conversion.id };
    }
    const slice = (amountCents: number) =>
      refundConversion(services, refundContext(scope), {
        conversionId: conversion.id,
        externalRefundId: refundSliceId(refund.chargeId, before),
        amountCents,
      });
    const outcome = await slice(newCents);
    if (outcome.kind === "refunded") return applied();
    // Another delivery took this slice: re-read the total and refund what is left.
    if (outcome.kind === "already_applied") continue;
    if (outcome.kind === "exceeds_refundable" && outcome.refundableCents > 0) {
      // More was refunded on Stripe than remains of the conversion (e.g. part of it had been
      // refunded through the API): refund the rest.
      if ((await slice(outcome.refundableCents)).kind === "refunded") return applied();
      continue;
    }
    const reason =
      outcome.kind === "exceeds_refundable" && outcome.refundableCents === 0
        ? "NOTHING_LEFT_TO_REFUND"
        : "REFUND_REJECTED";
    await auditEvent(services, scope, "ignored", reason, {
      conversionId: conversion.id,
      externalTransactionId: conversion.external_transaction_id,
      facts: { ...facts, detail: refusalDetail(conversion, outcome) },
    });
    return { outcome: "ignored", reason, conversionId: conversion.id };
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

/** Why the refund was not applied, for the audit entry. */
function refusalDetail(conversion: Conversion, outcome: RefundOutcome): string {
  switch (outcome.kind) {
    case "exceeds_refundable":
      return outcome.refundableCents === 0
        ? `Conversion ${conversion.id} has already been refunded in full; nothing remains to refund.`
        : `The refund exceeds what remains refundable on ${conversion.id}: ${formatMinorUnits(outcome.refundableCents, conversion.currency)} of ${formatMinorUnits(outcome.amountCents, conversion.currency)}.`;
    case "refund_id_taken":
      return `The refund id was already used for ${outcome.conversionId}.`;
    case "invalid_amount":
      return "The refund amount is not a whole number of the currency's smallest unit above 0.";
    default:
      return `The refund was not applied (${outcome.kind}).`;
  }
}

// A Stripe dispute object (charge.dispute.created, charge.dispute.closed), read by zod under the
// API's input rules, and the conversion it concerns: found through the charge or payment intent
// it disputes (links.ts), or, when that payment's conversion has not arrived yet, the event kept
// until it does (pending.ts).
import { z } from "zod";
import { findConversion } from "../conversions/repository";
import type { Dispute } from "../disputes/dispute";
import type { Conversion } from "../store/schema";
import {
  type EventScope,
  type EventServices,
  type Ignored,
  ignored,
  tenantOf,
} from "./event-context";
import { resolveConversion } from "./links";
import {
  amountSchema,
  codeSchema,
  describeIssues,
  expandableIdSchema,
  optionalIdSchema,
  stripeCurrencySchema,
  stripeIdSchema,
} from "./payload";
import { type Awaited, awaitOrPark } from "./pending";
import type { VerifiedEvent } from "./verify";

interface StripeDispute extends Dispute {
  kind: "dispute";
  paymentIntentId: string | null;
  /** Stripe's status: warning_needs_response, needs_response, under_review, won, lost, … */
  status: string;
}

const disputeSchema = z.object({
  id: stripeIdSchema,
  charge: expandableIdSchema,
  payment_intent: optionalIdSchema,
  amount: amountSchema,
  currency: stripeCurrencySchema,
  status: codeSchema,
  reason: codeSchema.nullish(),
});

/** Pure: the dispute, or why the event records nothing. */
export function parseDispute(event: VerifiedEvent): StripeDispute | Ignored {
  const parsed = disputeSchema.safeParse(event.object);
  if (!parsed.success) {
    return ignored("MALFORMED_OBJECT", `The dispute: ${describeIssues(parsed.error)}.`);
  }
  const dispute = parsed.data;
  return {
    kind: "dispute",
    disputeId: dispute.id,
    chargeId: dispute.charge,
    paymentIntentId: dispute.payment_intent,
    amountCents: dispute.amount,
    currency: dispute.currency,
    reason: dispute.reason ?? null,
    status: dispute.status,
  };
}

/** The facts of a dispute event's audit entries. */
export function disputeFacts(dispute: StripeDispute): Record<string, unknown> {
  return {
    dispute_id: dispute.disputeId,
    charge_id: dispute.chargeId,
    payment_intent_id: dispute.paymentIntentId,
    dispute_amount_cents: dispute.amountCents,
    currency: dispute.currency,
    dispute_status: dispute.status,
  };
}

/** The disputed payment's conversion, or the event kept until it arrives. */
export function disputedConversion(
  services: EventServices,
  scope: EventScope,
  dispute: StripeDispute,
): Promise<Awaited<Conversion>> {
  const tenant = tenantOf(services, scope);
  const ids = [dispute.chargeId, dispute.paymentIntentId].filter((id): id is string => id !== null);
  return awaitOrPark(
    services,
    scope,
    {
      waitsOn: ids,
      reason: "DISPUTE_AWAITING_PAYMENT",
      detail:
        "No conversion recorded from Stripe is paid by the disputed charge yet: the dispute is kept and applied when its Checkout Session or invoice arrives.",
      facts: disputeFacts(dispute),
    },
    async () => {
      const conversionId = await resolveConversion(tenant, ids);
      return conversionId ? findConversion(tenant, conversionId) : undefined;
    },
  );
}

/** A dispute whose payment never became a conversion while the event was kept: given up. */
export const DISPUTE_PAYMENT_UNKNOWN_DETAIL =
  "No conversion recorded from Stripe is paid by the disputed charge: the dispute was kept as long as Selgeo waits and is given up. A redelivery of the event tries again.";

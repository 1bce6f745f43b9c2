// What a dispute (chargeback) is about, as the Stripe handlers read it, and what the dispute
// decisions share: their context and their audit entry (action `dispute`).
import { writeAuditEntry } from "../audit/repository";
import type { Mode } from "../contract/key-format";
import type { AuditDecision } from "../contract/schemas/audit";
import type { Clock } from "../lib/clock";
import type { Commission, Conversion } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

export interface Dispute {
  disputeId: string;
  chargeId: string;
  /** The disputed amount, in the currency's smallest unit. */
  amountCents: number;
  currency: string;
  /** Stripe's reason: fraudulent, product_not_received, … */
  reason: string | null;
}

export interface DisputeContext {
  merchantId: string;
  mode: Mode;
  requestId: string;
  stripeEventId: string;
}

/** Audit reasons of dispute entries (action `dispute`). */
export type DisputeReason =
  | "DISPUTE_OPENED"
  | "DISPUTE_WON"
  | "DISPUTE_LOST"
  | "DISPUTE_WARNING_CLOSED"
  | "DISPUTE_PREVENTED";

export async function auditDispute(
  trx: ModeQueries,
  clock: Clock,
  ctx: DisputeContext,
  entry: {
    decision: AuditDecision;
    reason: DisputeReason;
    conversion: Conversion;
    dispute: Dispute;
    commission: Commission | null;
    facts?: Record<string, unknown>;
  },
): Promise<void> {
  await writeAuditEntry(trx, clock, {
    requestId: ctx.requestId,
    action: "dispute",
    decision: entry.decision,
    reason: entry.reason,
    clickId: entry.conversion.click_id,
    conversionId: entry.conversion.id,
    externalTransactionId: entry.conversion.external_transaction_id,
    stripeEventId: ctx.stripeEventId,
    facts: {
      dispute_id: entry.dispute.disputeId,
      charge_id: entry.dispute.chargeId,
      dispute_amount_cents: entry.dispute.amountCents,
      currency: entry.dispute.currency,
      dispute_reason: entry.dispute.reason,
      commission_id: entry.commission?.id ?? null,
      commission_status: entry.commission?.status ?? null,
      ...entry.facts,
    },
  });
}

// charge.dispute.closed: a lost dispute takes the disputed amount back like a refund (recorded
// under the dispute's id, so it is applied once) and reverses the commission in proportion; a
// won one — or an inquiry closed, or a dispute prevented — releases the hold and the commission
// returns to the status it had. One transaction: the dispute row (closed once, also when it was
// never seen open), the release, the reversal, the audit entries.
import { findCommissionOf, releaseCommission } from "../commissions/repository";
import { toIso } from "../lib/clock";
import { refundRemainderWithin } from "../refunds/refund";
import type { Services } from "../services";
import type { Commission, Conversion, DisputeStatus } from "../store/schema";
import { scoped } from "../store/tenant";
import { auditDispute, type Dispute, type DisputeContext, type DisputeReason } from "./dispute";
import { closeOpenDispute, findDispute, insertDispute } from "./repository";

export type ClosedStatus = Exclude<DisputeStatus, "open">;

type CloseOutcome =
  | {
      kind: "closed";
      decision: "reversed" | "released" | "not_held";
      commission: Commission | null;
    }
  | { kind: "already_closed"; status: DisputeStatus };

const REASONS: Record<ClosedStatus, DisputeReason> = {
  won: "DISPUTE_WON",
  lost: "DISPUTE_LOST",
  warning_closed: "DISPUTE_WARNING_CLOSED",
  prevented: "DISPUTE_PREVENTED",
};

export function closeDispute(
  services: Pick<Services, "store" | "clock">,
  ctx: DisputeContext,
  conversion: Conversion,
  dispute: Dispute,
  status: ClosedStatus,
): Promise<CloseOutcome> {
  return scoped(services.store.db, ctx).transaction(async (trx): Promise<CloseOutcome> => {
    const now = toIso(services.clock.now());
    const inserted = await insertDispute(trx, {
      dispute_id: dispute.disputeId,
      conversion_id: conversion.id,
      charge_id: dispute.chargeId,
      amount_cents: dispute.amountCents,
      currency: dispute.currency,
      status,
      reason: dispute.reason,
      opened_at: null,
      closed_at: now,
      created_at: now,
    });
    if (!inserted && !(await closeOpenDispute(trx, dispute.disputeId, { status, at: now }))) {
      const known = await findDispute(trx, dispute.disputeId);
      return { kind: "already_closed", status: known?.status ?? status };
    }

    const before = await findCommissionOf(trx, conversion.id);
    const released =
      before !== null &&
      (await releaseCommission(trx, before, { disputeId: dispute.disputeId, at: now }));
    const reason = REASONS[status];
    if (status === "lost") {
      // The money went back to the customer: reverse as a refund of the disputed amount (of
      // what remains, when part was refunded before).
      const sameCurrency = dispute.currency === conversion.currency;
      const reversal = await refundRemainderWithin(trx, services.clock, ctx, {
        conversionId: conversion.id,
        externalRefundId: dispute.disputeId,
        upToCents: sameCurrency ? dispute.amountCents : conversion.amount_cents,
        auditAs: { action: "dispute", reason },
      });
      if (reversal.kind === "refunded" || reversal.kind === "already_applied") {
        return { kind: "closed", decision: "reversed", commission: reversal.commission };
      }
      const commission = await findCommissionOf(trx, conversion.id);
      await auditDispute(trx, services.clock, ctx, {
        decision: "nothing_to_reverse",
        reason,
        conversion,
        dispute,
        commission,
        facts: { detail: "The dispute was lost; the payment had been refunded in full already." },
      });
      return { kind: "closed", decision: "not_held", commission };
    }
    const commission = await findCommissionOf(trx, conversion.id);
    await auditDispute(trx, services.clock, ctx, {
      decision: released ? "released" : "not_held",
      reason,
      conversion,
      dispute,
      commission,
      facts: {
        detail: released
          ? "The dispute closed in the merchant's favour: the commission's hold is released."
          : "The dispute closed in the merchant's favour; no commission was held for it.",
      },
    });
    return { kind: "closed", decision: released ? "released" : "not_held", commission };
  });
}

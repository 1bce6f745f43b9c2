// charge.dispute.created: the commission of the disputed payment is held (`held`, remembering
// its status) until the dispute closes. One transaction: the dispute row (opened once), the hold,
// the audit entry. A dispute seen closed first (its events out of order) is not opened again.
import { findCommissionOf, holdCommission } from "../commissions/repository";
import { toIso } from "../lib/clock";
import type { Services } from "../services";
import type { Commission, Conversion, DisputeStatus } from "../store/schema";
import { scoped } from "../store/tenant";
import { auditDispute, type Dispute, type DisputeContext } from "./dispute";
import { findDispute, insertDispute } from "./repository";

type OpenOutcome =
  | { kind: "held"; commission: Commission }
  /** Recorded, nothing held: no commission, or one already reversed in full. */
  | { kind: "not_held"; commission: Commission | null }
  | { kind: "already_open" }
  | { kind: "already_closed"; status: DisputeStatus };

export function openDispute(
  services: Pick<Services, "store" | "clock">,
  ctx: DisputeContext,
  conversion: Conversion,
  dispute: Dispute,
): Promise<OpenOutcome> {
  return scoped(services.store.db, ctx).transaction(async (trx): Promise<OpenOutcome> => {
    const now = toIso(services.clock.now());
    const inserted = await insertDispute(trx, {
      dispute_id: dispute.disputeId,
      conversion_id: conversion.id,
      charge_id: dispute.chargeId,
      amount_cents: dispute.amountCents,
      currency: dispute.currency,
      status: "open",
      reason: dispute.reason,
      opened_at: now,
      closed_at: null,
      created_at: now,
    });
    if (!inserted) {
      const known = await findDispute(trx, dispute.disputeId);
      return !known || known.status === "open"
        ? { kind: "already_open" }
        : { kind: "already_closed", status: known.status };
    }
    const commission = await findCommissionOf(trx, conversion.id);
    const held =
      commission !== null &&
      (await holdCommission(trx, commission, { disputeId: dispute.disputeId, at: now }));
    const after: Commission | null =
      held && commission
        ? {
            ...commission,
            status: "held",
            status_before_hold: commission.status as Exclude<Commission["status"], "held">,
            held_by: dispute.disputeId,
            updated_at: now,
          }
        : commission;
    await auditDispute(trx, services.clock, ctx, {
      decision: held ? "held" : "not_held",
      reason: "DISPUTE_OPENED",
      conversion,
      dispute,
      commission: after,
      facts: {
        detail: held
          ? "The payment is disputed: its commission is held until the dispute closes (lost: reversed; won: released)."
          : commission
            ? "The payment is disputed; its commission was reversed in full already, nothing is held."
            : "The payment is disputed; the conversion has no commission to hold.",
      },
    });
    return held && after ? { kind: "held", commission: after } : { kind: "not_held", commission };
  });
}

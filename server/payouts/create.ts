// Marking commissions paid: one payout, under the merchant's reference (a bank transfer id), pays
// the due commissions asked for (or all that are due, for the partners asked for) and settles the
// partners' carried adjustments, in one transaction with an audit entry per commission and per
// adjustment. Two requests with the same reference make one payout (the reference's unique row is
// the claim; the loser answers the winner's payout). Two payouts racing for the same commissions
// pay each once: the paid update is conditional, and the one that finds a commission taken rolls
// back and looks again.
import { writeAuditEntry } from "../audit/repository";
import { presentCommission } from "../commissions/present";
import {
  commissionsOfPayout,
  dueCommissions,
  markCommissionsPaid,
} from "../commissions/repository";
import { toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { Services } from "../services";
import { isUniqueViolation } from "../store/errors";
import type { Payout } from "../store/schema";
import { type ModeQueries, scoped } from "../store/tenant";
import { emitWebhookEvents } from "../webhooks/outbox";
import { carriedAdjustments, settleAdjustments } from "./adjustments";
import { advanceDueCommissions, type DueContext } from "./due";
import { type PayoutLine, payoutLines } from "./lines";
import { findPayoutByReference, insertPayout } from "./repository";

export interface PayoutInput {
  reference: string;
  /** Exactly these commissions (each must be due and unpaid); else every due one. */
  commissionIds?: string[];
  /** Only these partners' commissions and adjustments. */
  partnerIds?: string[];
}

export type PayoutOutcome =
  | { kind: "created"; payout: Payout; lines: PayoutLine[] }
  /** A payout with this reference exists: it is the answer, nothing was done now. */
  | { kind: "existing"; payout: Payout }
  /** Some of the commissions asked for are not due (pending, held, reversed, paid, unknown). */
  | { kind: "not_due"; commissionIds: string[] }
  /** Nothing payable: no due commission, or adjustments outweigh them (all carried). */
  | { kind: "nothing_to_pay"; carried: PayoutLine[] };

class PayoutRefused extends Error {
  constructor(readonly outcome: PayoutOutcome) {
    super(outcome.kind);
  }
}

/** Another payout paid or settled some of the same rows first. */
class PayoutRaced extends Error {}

const ATTEMPTS = 3;

export async function createPayout(
  services: Pick<Services, "store" | "clock">,
  ctx: DueContext,
  input: PayoutInput,
): Promise<PayoutOutcome> {
  const tenant = scoped(services.store.db, ctx);
  await advanceDueCommissions(services, ctx);
  for (let attempt = 1; ; attempt += 1) {
    const existing = await findPayoutByReference(tenant, input.reference);
    if (existing) return { kind: "existing", payout: existing };
    try {
      return await tenant.transaction((trx) => payInside(trx, services, ctx, input));
    } catch (error) {
      if (error instanceof PayoutRefused) return error.outcome;
      if (isUniqueViolation(error)) {
        const winner = await findPayoutByReference(tenant, input.reference);
        if (winner) return { kind: "existing", payout: winner };
      }
      if (!(error instanceof PayoutRaced) || attempt === ATTEMPTS) throw error;
    }
  }
}

async function payInside(
  trx: ModeQueries,
  services: Pick<Services, "clock">,
  ctx: DueContext,
  input: PayoutInput,
): Promise<PayoutOutcome> {
  const now = toIso(services.clock.now());
  const payout: Payout = {
    id: newId("po"),
    merchant_id: ctx.merchantId,
    mode: ctx.mode,
    reference: input.reference,
    request_id: ctx.requestId,
    created_at: now,
  };
  // First, so that a second request with the same reference waits here and then fails.
  await insertPayout(trx, payout);

  const due = await dueCommissions(trx, {
    ...(input.commissionIds ? { ids: input.commissionIds } : {}),
    ...(input.partnerIds ? { partnerIds: input.partnerIds } : {}),
  });
  if (input.commissionIds) {
    const found = new Set(due.map((c) => c.id));
    const notDue = input.commissionIds.filter((id) => !found.has(id));
    if (notDue.length > 0) throw new PayoutRefused({ kind: "not_due", commissionIds: notDue });
  }
  const partners = [...new Set(due.map((c) => c.partner_id))];
  const adjustments = await carriedAdjustments(trx, input.partnerIds ?? partners);
  const all = payoutLines(
    due.map((c) => ({
      id: c.id,
      partner_id: c.partner_id,
      currency: c.currency,
      amount_cents: Number(c.amount_cents) - Number(c.reversed_amount_cents),
    })),
    adjustments,
  );
  const lines = all.filter((line) => line.payable).map(({ payable: _, ...line }) => line);
  if (lines.length === 0) {
    const carried = all.map(({ payable: _, ...line }) => line);
    throw new PayoutRefused({ kind: "nothing_to_pay", carried });
  }

  const commissionIds = lines.flatMap((line) => line.commission_ids);
  const adjustmentIds = lines.flatMap((line) => line.adjustment_ids);
  if (!(await markCommissionsPaid(trx, commissionIds, { id: payout.id, at: now }))) {
    throw new PayoutRaced();
  }
  if (!(await settleAdjustments(trx, adjustmentIds, payout.id))) throw new PayoutRaced();

  const byId = new Map(due.map((c) => [c.id, c]));
  for (const id of commissionIds) {
    const commission = byId.get(id);
    if (!commission) continue;
    await writeAuditEntry(trx, services.clock, {
      requestId: ctx.requestId,
      action: "payout",
      decision: "paid",
      reason: "MARKED_PAID",
      conversionId: commission.conversion_id,
      facts: {
        commission_id: commission.id,
        payout_id: payout.id,
        reference: payout.reference,
        partner_id: commission.partner_id,
        amount_cents: Number(commission.amount_cents),
        reversed_amount_cents: Number(commission.reversed_amount_cents),
        paid_amount_cents:
          Number(commission.amount_cents) - Number(commission.reversed_amount_cents),
        currency: commission.currency,
        status_before: "due",
      },
    });
  }
  await emitWebhookEvents(
    trx,
    services.clock,
    (await commissionsOfPayout(trx, payout.id)).map((paid) => ({
      type: "commission.paid" as const,
      object: presentCommission(paid),
    })),
  );
  for (const adjustment of adjustments.filter((a) => adjustmentIds.includes(a.id))) {
    await writeAuditEntry(trx, services.clock, {
      requestId: ctx.requestId,
      action: "payout",
      decision: "settled",
      reason: "ADJUSTMENT_SETTLED",
      facts: {
        adjustment_id: adjustment.id,
        commission_id: adjustment.commission_id,
        payout_id: payout.id,
        reference: payout.reference,
        partner_id: adjustment.partner_id,
        amount_cents: adjustment.amount_cents,
        currency: adjustment.currency,
      },
    });
  }
  return { kind: "created", payout, lines };
}

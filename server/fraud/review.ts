// The merchant's review of a commission held for fraud signals: released, it returns to the
// status it had (and becomes due when its hold period has passed); rejected, it is reversed in
// full. Each is an audit entry; a rejection is also a `commission.reversed` event. A commission
// held by a Stripe dispute is not the merchant's to release: the dispute's outcome decides.
import { writeAuditEntry } from "../audit/repository";
import { presentCommission } from "../commissions/present";
import { findCommission, rejectHeldCommission, releaseCommission } from "../commissions/repository";
import type { Mode } from "../contract/key-format";
import { toIso } from "../lib/clock";
import { advanceDueCommissions } from "../payouts/due";
import type { Services } from "../services";
import { addToDailyStats, reversalDelta } from "../stats/daily";
import type { Commission } from "../store/schema";
import { scoped } from "../store/tenant";
import { emitWebhookEvents } from "../webhooks/outbox";

/** `held_by` of a commission held for fraud signals. */
export const FRAUD_HOLD = "fraud";

export type ReviewOutcome =
  | { kind: "reviewed"; commission: Commission }
  | { kind: "not_found" }
  /** Not held, or held by a dispute. */
  | { kind: "not_held"; commission: Commission };

interface ReviewContext {
  merchantId: string;
  mode: Mode;
  requestId: string;
}

export async function reviewFraudHold(
  services: Pick<Services, "store" | "clock">,
  ctx: ReviewContext,
  commissionId: string,
  verdict: "release" | "reject",
): Promise<ReviewOutcome> {
  const tenant = scoped(services.store.db, ctx);
  const commission = await findCommission(tenant, commissionId);
  if (!commission) return { kind: "not_found" };
  if (commission.status !== "held" || commission.held_by !== FRAUD_HOLD) {
    return { kind: "not_held", commission };
  }
  const at = toIso(services.clock.now());
  const done = await tenant.transaction(async (trx) => {
    const changed =
      verdict === "release"
        ? await releaseCommission(trx, commission, { disputeId: FRAUD_HOLD, at })
        : await rejectHeldCommission(trx, commission, { heldBy: FRAUD_HOLD, at });
    if (!changed) return false;
    const reversedNow = Number(commission.amount_cents) - Number(commission.reversed_amount_cents);
    await writeAuditEntry(trx, services.clock, {
      requestId: ctx.requestId,
      action: "fraud_review",
      decision: verdict === "release" ? "released" : "rejected",
      reason: verdict === "release" ? "RELEASED_BY_MERCHANT" : "REJECTED_BY_MERCHANT",
      conversionId: commission.conversion_id,
      facts: {
        commission_id: commission.id,
        status_after: verdict === "release" ? commission.status_before_hold : "reversed",
        ...(verdict === "reject" ? { reversed_now_cents: reversedNow } : {}),
      },
    });
    if (verdict === "reject") {
      if (reversedNow > 0) await addToDailyStats(trx, [reversalDelta(commission, reversedNow, at)]);
      const after = await findCommission(trx, commission.id);
      if (after) {
        await emitWebhookEvents(trx, services.clock, [
          { type: "commission.reversed", object: presentCommission(after) },
        ]);
      }
    }
    return true;
  });
  // Another review came first: answer what it left.
  if (!done) {
    const now = await findCommission(tenant, commissionId);
    return now ? { kind: "not_held", commission: now } : { kind: "not_found" };
  }
  // Released after its hold period: due at once, with its own audit entry.
  if (verdict === "release") await advanceDueCommissions(services, ctx);
  const after = await findCommission(tenant, commissionId);
  return after ? { kind: "reviewed", commission: after } : { kind: "not_found" };
}

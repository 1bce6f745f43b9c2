// pending → due: a commission is due once its program's hold period (the refund period) has
// passed. The move is stored, not computed at read time, so that it is one audit entry (and one
// outbound event) at one moment. It is made by a cheap periodic pass (due-sweep.ts) and, so that
// what the merchant is about to pay is exact to the second, right before a payout preview or a
// payout. Racing passes move each commission once (a conditional update).
import { writeAuditEntry } from "../audit/repository";
import { presentCommission } from "../commissions/present";
import { commissionsPastHold, markCommissionDue } from "../commissions/repository";
import type { Mode } from "../contract/key-format";
import { toIso } from "../lib/clock";
import type { Services } from "../services";
import type { Commission } from "../store/schema";
import { scoped } from "../store/tenant";
import { emitWebhookEvents } from "../webhooks/outbox";

const BATCH = 500;

export interface DueContext {
  merchantId: string;
  mode: Mode;
  requestId: string;
}

/** Moves every commission of this merchant and mode whose hold has ended; answers those moved. */
export async function advanceDueCommissions(
  services: Pick<Services, "store" | "clock">,
  ctx: DueContext,
): Promise<Commission[]> {
  const tenant = scoped(services.store.db, ctx);
  const moved: Commission[] = [];
  for (;;) {
    const now = toIso(services.clock.now());
    const batch = await commissionsPastHold(tenant, now, BATCH);
    if (batch.length === 0) return moved;
    let movedNow = 0;
    for (const commission of batch) {
      const done = await tenant.transaction(async (trx) => {
        if (!(await markCommissionDue(trx, commission, now))) return false;
        await writeAuditEntry(trx, services.clock, {
          requestId: ctx.requestId,
          action: "commission_due",
          decision: "due",
          reason: "HOLD_PERIOD_ELAPSED",
          conversionId: commission.conversion_id,
          facts: {
            commission_id: commission.id,
            status_before: commission.status,
            created_at: commission.created_at,
            due_at: commission.due_at,
            amount_cents: Number(commission.amount_cents),
            reversed_amount_cents: Number(commission.reversed_amount_cents),
            currency: commission.currency,
          },
        });
        await emitWebhookEvents(trx, services.clock, [
          {
            type: "commission.due",
            object: presentCommission({ ...commission, status: "due", updated_at: now }),
          },
        ]);
        return true;
      });
      if (done) {
        movedNow += 1;
        moved.push({ ...commission, status: "due", updated_at: now });
      }
    }
    // Another pass took this batch: what remains is theirs to finish.
    if (movedNow === 0 || batch.length < BATCH) return moved;
  }
}

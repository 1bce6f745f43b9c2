import { commissionsOfPayout } from "../commissions/repository";
import type { PayoutObject } from "../contract/schemas/payouts";
import type { Payout } from "../store/schema";
import type { ModeQueries } from "../store/tenant";
import { adjustmentsOfPayout } from "./adjustments";
import { payoutLines } from "./lines";

/** The payout with what it paid, read back from the commissions and adjustments it settled. */
export async function presentPayout(tenant: ModeQueries, payout: Payout): Promise<PayoutObject> {
  const [commissions, adjustments] = await Promise.all([
    commissionsOfPayout(tenant, payout.id),
    adjustmentsOfPayout(tenant, payout.id),
  ]);
  const lines = payoutLines(
    commissions.map((c) => ({
      id: c.id,
      partner_id: c.partner_id,
      currency: c.currency,
      amount_cents: Number(c.paid_amount_cents ?? 0),
    })),
    adjustments,
  ).map(({ payable: _, ...line }) => line);
  return {
    id: payout.id,
    object: "payout",
    mode: payout.mode,
    reference: payout.reference,
    lines,
    created_at: payout.created_at,
  };
}

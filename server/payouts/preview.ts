// What the merchant owes now, per partner and currency: due commissions (less what refunds
// reversed) and carried adjustments. Commissions whose hold has just ended are moved first, so
// the preview is exact to the second rather than to the periodic pass.
import { dueSums } from "../commissions/repository";
import type { Services } from "../services";
import { scoped } from "../store/tenant";
import { carriedSums } from "./adjustments";
import { advanceDueCommissions, type DueContext } from "./due";

export interface PreviewLine {
  partner_id: string;
  currency: string;
  commissions_count: number;
  commissions_cents: number;
  adjustments_count: number;
  adjustments_cents: number;
  amount_cents: number;
  /** False when adjustments outweigh the commissions: nothing is paid, all is carried. */
  payable: boolean;
}

export async function previewPayouts(
  services: Pick<Services, "store" | "clock">,
  ctx: DueContext,
): Promise<PreviewLine[]> {
  await advanceDueCommissions(services, ctx);
  const tenant = scoped(services.store.db, ctx);
  const [commissions, adjustments] = await Promise.all([dueSums(tenant), carriedSums(tenant)]);
  const lines = new Map<string, PreviewLine>();
  const lineOf = (partnerId: string, currency: string) => {
    const key = `${partnerId}\u0000${currency}`;
    let line = lines.get(key);
    if (!line) {
      line = {
        partner_id: partnerId,
        currency,
        commissions_count: 0,
        commissions_cents: 0,
        adjustments_count: 0,
        adjustments_cents: 0,
        amount_cents: 0,
        payable: false,
      };
      lines.set(key, line);
    }
    return line;
  };
  for (const sum of commissions) {
    const line = lineOf(sum.partner_id, sum.currency);
    line.commissions_count = sum.count;
    line.commissions_cents = sum.amount_cents;
  }
  for (const sum of adjustments) {
    const line = lineOf(sum.partner_id, sum.currency);
    line.adjustments_count = sum.count;
    line.adjustments_cents = sum.amount_cents;
  }
  return [...lines.values()]
    .map((line) => {
      const amount = line.commissions_cents + line.adjustments_cents;
      return { ...line, amount_cents: amount, payable: line.commissions_count > 0 && amount > 0 };
    })
    .sort((a, b) =>
      a.partner_id === b.partner_id
        ? a.currency.localeCompare(b.currency)
        : a.partner_id.localeCompare(b.partner_id),
    );
}

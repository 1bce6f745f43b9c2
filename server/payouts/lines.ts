// What a payout pays each partner in each currency: their due commissions (less what refunds
// reversed) plus their carried adjustments. Pure, so the netting and the carry rule are unit-tested.

export interface DueItem {
  id: string;
  partner_id: string;
  currency: string;
  /** What is owed for it: the commission less its reversed part, or a negative adjustment. */
  amount_cents: number;
}

export interface PayoutLine {
  partner_id: string;
  currency: string;
  commission_ids: string[];
  adjustment_ids: string[];
  commissions_cents: number;
  adjustments_cents: number;
  /** commissions_cents + adjustments_cents. */
  amount_cents: number;
}

/**
 * One line per partner and currency, in a stable order (partner, then currency). A line whose
 * net is not above zero cannot be paid: its commissions stay due and its adjustments carried
 * until later commissions outweigh them (`payable` false).
 */
export function payoutLines(
  commissions: DueItem[],
  adjustments: DueItem[],
): Array<PayoutLine & { payable: boolean }> {
  const lines = new Map<string, PayoutLine>();
  const lineOf = (item: DueItem) => {
    const key = `${item.partner_id}\u0000${item.currency}`;
    let line = lines.get(key);
    if (!line) {
      line = {
        partner_id: item.partner_id,
        currency: item.currency,
        commission_ids: [],
        adjustment_ids: [],
        commissions_cents: 0,
        adjustments_cents: 0,
        amount_cents: 0,
      };
      lines.set(key, line);
    }
    return line;
  };
  for (const item of commissions) {
    const line = lineOf(item);
    line.commission_ids.push(item.id);
    line.commissions_cents += item.amount_cents;
    line.amount_cents += item.amount_cents;
  }
  for (const item of adjustments) {
    const line = lineOf(item);
    line.adjustment_ids.push(item.id);
    line.adjustments_cents += item.amount_cents;
    line.amount_cents += item.amount_cents;
  }
  return [...lines.values()]
    .sort((a, b) =>
      a.partner_id === b.partner_id
        ? a.currency.localeCompare(b.currency)
        : a.partner_id.localeCompare(b.partner_id),
    )
    .map((line) => ({ ...line, payable: line.commission_ids.length > 0 && line.amount_cents > 0 }));
}

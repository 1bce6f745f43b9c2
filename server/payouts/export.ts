// The rows of the CSV exports: every commission (with its lifecycle), and every item every payout
// paid. Read page by page through the cursor lists, so each page is an index range.
import { commissionsOfPayout, listCommissions } from "../commissions/repository";
import type { CsvValue } from "../lib/csv";
import type { PageRequest } from "../store/paginate";
import type { CommissionStatus } from "../store/schema";
import type { ModeQueries } from "../store/tenant";
import { adjustmentsOfPayout } from "./adjustments";
import { listPayouts } from "./repository";

const PAGE = 500;

type Range = Pick<PageRequest, "created[gte]" | "created[lt]">;

export const COMMISSION_COLUMNS = [
  "commission_id",
  "created_at",
  "status",
  "partner_id",
  "program_id",
  "conversion_id",
  "currency",
  "amount_cents",
  "reversed_amount_cents",
  "due_at",
  "payout_id",
  "paid_at",
  "paid_amount_cents",
];

export async function* commissionRows(
  tenant: ModeQueries,
  filters: Range & { status?: CommissionStatus | undefined; partner_id?: string | undefined },
): AsyncGenerator<CsvValue[]> {
  const { status, partner_id, ...range } = filters;
  let after: string | undefined;
  for (;;) {
    const page = await listCommissions(
      tenant,
      { limit: PAGE, ...range, ...(after ? { starting_after: after } : {}) },
      { status, partner_id },
    );
    for (const c of page.data) {
      yield [
        c.id,
        c.created_at,
        c.status,
        c.partner_id,
        c.program_id,
        c.conversion_id,
        c.currency,
        Number(c.amount_cents),
        Number(c.reversed_amount_cents),
        c.due_at,
        c.payout_id,
        c.paid_at,
        c.paid_amount_cents === null ? null : Number(c.paid_amount_cents),
      ];
    }
    if (!page.has_more) return;
    after = page.data.at(-1)?.id;
  }
}

export const PAYOUT_COLUMNS = [
  "payout_id",
  "reference",
  "paid_at",
  "partner_id",
  "currency",
  "item",
  "item_id",
  "commission_id",
  "amount_cents",
];

export async function* payoutRows(tenant: ModeQueries, range: Range): AsyncGenerator<CsvValue[]> {
  let after: string | undefined;
  for (;;) {
    const page = await listPayouts(tenant, {
      limit: 50,
      ...range,
      ...(after ? { starting_after: after } : {}),
    });
    for (const payout of page.data) {
      const [commissions, adjustments] = await Promise.all([
        commissionsOfPayout(tenant, payout.id),
        adjustmentsOfPayout(tenant, payout.id),
      ]);
      const base = [payout.id, payout.reference, payout.created_at];
      for (const c of commissions) {
        yield [
          ...base,
          c.partner_id,
          c.currency,
          "commission",
          c.id,
          c.id,
          Number(c.paid_amount_cents ?? 0),
        ];
      }
      for (const a of adjustments) {
        yield [
          ...base,
          a.partner_id,
          a.currency,
          "adjustment",
          a.id,
          a.commission_id,
          a.amount_cents,
        ];
      }
    }
    if (!page.has_more) return;
    after = page.data.at(-1)?.id;
  }
}

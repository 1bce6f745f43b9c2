// The daily aggregates recounted from the rows themselves, independently of server/stats: the
// oracle the aggregate tests compare the maintained tables with.
import type { Harness } from "./harness";

export type Recount = Record<string, [number, number, number, number, number]>;

const key = (...parts: string[]) => parts.join("|");

function bump(into: Recount, k: string, index: number, by: number): void {
  const row = into[k] ?? [0, 0, 0, 0, 0];
  row[index] = (row[index] ?? 0) + by;
  into[k] = row;
}

/** merchant|mode|day|partner|currency → [clicks, conversions, attributed, commission, reversed]. */
export async function recountFromRows(h: Harness): Promise<Recount> {
  const db = h.services.store.db;
  const out: Recount = {};
  for (const c of await db.selectFrom("clicks").selectAll().execute()) {
    bump(out, key(c.merchant_id, c.mode, c.created_at.slice(0, 10), c.partner_id, ""), 0, 1);
  }
  for (const c of await db.selectFrom("conversions").selectAll().execute()) {
    const k = key(c.merchant_id, c.mode, c.created_at.slice(0, 10), c.partner_id ?? "", "");
    bump(out, k, 1, 1);
    if (c.status === "attributed") bump(out, k, 2, 1);
  }
  const commissions = await db.selectFrom("commissions").selectAll().execute();
  for (const c of commissions) {
    const k = key(c.merchant_id, c.mode, c.created_at.slice(0, 10), c.partner_id, c.currency);
    bump(out, k, 3, Number(c.amount_cents));
  }
  const byConversion = new Map(commissions.map((c) => [c.conversion_id, c]));
  for (const r of await db.selectFrom("refunds").selectAll().execute()) {
    const c = byConversion.get(r.conversion_id);
    if (!c || Number(r.commission_reversed_cents) === 0) continue;
    const k = key(r.merchant_id, r.mode, r.created_at.slice(0, 10), c.partner_id, c.currency);
    bump(out, k, 4, Number(r.commission_reversed_cents));
  }
  return out;
}

export async function aggregatesAsStored(h: Harness): Promise<Recount> {
  const out: Recount = {};
  for (const r of await h.services.store.db.selectFrom("daily_stats").selectAll().execute()) {
    out[key(r.merchant_id, r.mode, r.day, r.partner_id, r.currency)] = [
      Number(r.clicks),
      Number(r.conversions),
      Number(r.attributed_conversions),
      Number(r.commission_cents),
      Number(r.commission_reversed_cents),
    ];
  }
  return out;
}

/** merchant|mode|day|partner|reason → conversions, recounted and as stored. */
export async function reasonCounts(
  h: Harness,
): Promise<{ recount: Record<string, number>; stored: Record<string, number> }> {
  const db = h.services.store.db;
  const recount: Record<string, number> = {};
  for (const c of await db.selectFrom("conversions").selectAll().execute()) {
    const k = key(c.merchant_id, c.mode, c.created_at.slice(0, 10), c.partner_id ?? "", c.reason);
    recount[k] = (recount[k] ?? 0) + 1;
  }
  const stored: Record<string, number> = {};
  for (const r of await db.selectFrom("daily_reasons").selectAll().execute()) {
    stored[key(r.merchant_id, r.mode, r.day, r.partner_id, r.reason)] = Number(r.conversions);
  }
  return { recount, stored };
}

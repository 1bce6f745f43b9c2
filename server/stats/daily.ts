// Keeping the daily aggregates (migration 0005_dashboard_stats) in step with the writes they
// count: every writer adds its rows' contribution in its own transaction, so the aggregates are
// exact whenever the rows are — a rolled-back write counts nothing, a committed one counts once.
// Each transaction upserts one row per key it touches (a click batch: one per partner and day),
// keys merged and sorted so that concurrent transactions lock them in one order (no deadlocks on
// PostgreSQL). Conversions and refunds write through their tenant handle (store/tenant.ts); the
// click store's engines, which batch many merchants' clicks, add clickDeltas themselves
// (click-store/queries.ts).
import type { Mode } from "../contract/key-format";
import type { Commission, Conversion, NewClick } from "../store/schema";
import type { ModeQueries } from "../store/tenant";

/** A UTC day as stored: the date part of an ISO-8601 time. */
function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

interface StatsKey {
  merchant_id: string;
  mode: Mode;
  day: string;
  /** '' when no partner is involved (a conversion without a known click). */
  partner_id: string;
  /** '' for counts; the commission's currency for amounts. */
  currency: string;
}

interface StatsAmounts {
  clicks: number;
  conversions: number;
  attributed_conversions: number;
  commission_cents: number;
  commission_reversed_cents: number;
}

type StatsDelta = StatsKey & StatsAmounts;

const ZERO: StatsAmounts = {
  clicks: 0,
  conversions: 0,
  attributed_conversions: 0,
  commission_cents: 0,
  commission_reversed_cents: 0,
};

const keyText = (k: StatsKey) =>
  `${k.merchant_id}\n${k.mode}\n${k.day}\n${k.partner_id}\n${k.currency}`;

/** Sums deltas of the same key and sorts them by key (pure). */
export function mergeDeltas(deltas: ReadonlyArray<StatsDelta>): StatsDelta[] {
  const merged = new Map<string, StatsDelta>();
  for (const delta of deltas) {
    const key = keyText(delta);
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { ...delta });
      continue;
    }
    into.clicks += delta.clicks;
    into.conversions += delta.conversions;
    into.attributed_conversions += delta.attributed_conversions;
    into.commission_cents += delta.commission_cents;
    into.commission_reversed_cents += delta.commission_reversed_cents;
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

/** What a batch of newly stored clicks adds: one delta per merchant, mode, day and partner. */
export function clickDeltas(rows: ReadonlyArray<NewClick>): StatsDelta[] {
  return mergeDeltas(
    rows.map((row) => ({
      merchant_id: row.merchant_id,
      mode: row.mode,
      day: dayOf(row.created_at),
      partner_id: row.partner_id,
      currency: "",
      ...ZERO,
      clicks: 1,
    })),
  );
}

/** What a new conversion (and its commission, if any) adds. */
function conversionDeltas(conversion: Conversion, commission: Commission | null): StatsDelta[] {
  const key = {
    merchant_id: conversion.merchant_id,
    mode: conversion.mode,
    day: dayOf(conversion.created_at),
    partner_id: conversion.partner_id ?? "",
  };
  const deltas: StatsDelta[] = [
    {
      ...key,
      currency: "",
      ...ZERO,
      conversions: 1,
      attributed_conversions: conversion.status === "attributed" ? 1 : 0,
    },
  ];
  if (commission) {
    deltas.push({
      ...key,
      day: dayOf(commission.created_at),
      partner_id: commission.partner_id,
      currency: commission.currency,
      ...ZERO,
      commission_cents: commission.amount_cents,
    });
  }
  return mergeDeltas(deltas);
}

/** A refund's reversal counts on the day of the refund, against the commission's partner. */
export function reversalDelta(
  commission: Commission,
  reversedCents: number,
  at: string,
): StatsDelta {
  return {
    merchant_id: commission.merchant_id,
    mode: commission.mode,
    day: dayOf(at),
    partner_id: commission.partner_id,
    currency: commission.currency,
    ...ZERO,
    commission_reversed_cents: reversedCents,
  };
}

/** Adds the deltas inside the caller's transaction: one upsert statement. */
export async function addToDailyStats(
  trx: ModeQueries,
  deltas: ReadonlyArray<StatsDelta>,
): Promise<void> {
  const rows = mergeDeltas(deltas);
  if (rows.length === 0) return;
  await trx
    .insertInto("daily_stats", rows)
    .onConflict((oc) =>
      oc.columns(["merchant_id", "mode", "day", "partner_id", "currency"]).doUpdateSet((eb) => ({
        clicks: eb("daily_stats.clicks", "+", eb.ref("excluded.clicks")),
        conversions: eb("daily_stats.conversions", "+", eb.ref("excluded.conversions")),
        attributed_conversions: eb(
          "daily_stats.attributed_conversions",
          "+",
          eb.ref("excluded.attributed_conversions"),
        ),
        commission_cents: eb(
          "daily_stats.commission_cents",
          "+",
          eb.ref("excluded.commission_cents"),
        ),
        commission_reversed_cents: eb(
          "daily_stats.commission_reversed_cents",
          "+",
          eb.ref("excluded.commission_reversed_cents"),
        ),
      })),
    )
    .execute();
}

/** A conversion's reason, counted per day and partner (for the Overview's unattributed links). */
async function countConversionReason(trx: ModeQueries, conversion: Conversion): Promise<void> {
  await trx
    .insertInto("daily_reasons", {
      day: dayOf(conversion.created_at),
      partner_id: conversion.partner_id ?? "",
      reason: conversion.reason,
      conversions: 1,
    })
    .onConflict((oc) =>
      oc
        .columns(["merchant_id", "mode", "day", "partner_id", "reason"])
        .doUpdateSet((eb) => ({ conversions: eb("daily_reasons.conversions", "+", 1) })),
    )
    .execute();
}

/** Everything a new conversion adds to the aggregates, in its transaction. */
export async function countConversion(
  trx: ModeQueries,
  conversion: Conversion,
  commission: Commission | null,
): Promise<void> {
  await addToDailyStats(trx, conversionDeltas(conversion, commission));
  await countConversionReason(trx, conversion);
}

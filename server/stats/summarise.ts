// Turns aggregate rows into the stats answer: every day of the range, totals, top partners and
// the count of each attribution reason. Pure.
import { ATTRIBUTION_REASONS, type AttributionReason } from "../contract/attribution-reasons";
import type { Mode } from "../contract/key-format";
import type { StatsObject } from "../contract/schemas/stats";
import { DAY_MS } from "../lib/clock";
import type { ReasonRow, StatsRow } from "./query";

const TOP_PARTNERS = 5;

interface Figures {
  clicks: number;
  conversions: number;
  attributed_conversions: number;
  commissions: Map<string, { amount_cents: number; reversed_cents: number }>;
}

const empty = (): Figures => ({
  clicks: 0,
  conversions: 0,
  attributed_conversions: 0,
  commissions: new Map(),
});

function add(into: Figures, row: StatsRow): void {
  into.clicks += row.clicks;
  into.conversions += row.conversions;
  into.attributed_conversions += row.attributed_conversions;
  if (row.currency !== "") {
    const money = into.commissions.get(row.currency) ?? { amount_cents: 0, reversed_cents: 0 };
    money.amount_cents += row.commission_cents;
    money.reversed_cents += row.commission_reversed_cents;
    into.commissions.set(row.currency, money);
  }
}

function present(figures: Figures) {
  return {
    clicks: figures.clicks,
    conversions: figures.conversions,
    attributed_conversions: figures.attributed_conversions,
    commissions: [...figures.commissions.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, money]) => ({ currency, ...money })),
  };
}

/** Every UTC date from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export function summariseStats(input: {
  mode: Mode;
  from: string;
  to: string;
  partnerId: string | undefined;
  rows: ReadonlyArray<StatsRow>;
  reasons: ReadonlyArray<ReasonRow>;
}): StatsObject {
  const byDay = new Map(daysBetween(input.from, input.to).map((day) => [day, empty()]));
  const byPartner = new Map<string, Figures>();
  const totals = empty();
  for (const row of input.rows) {
    const day = byDay.get(row.day);
    if (day) add(day, row);
    add(totals, row);
    if (row.partner_id !== "") {
      let partner = byPartner.get(row.partner_id);
      if (!partner) {
        partner = empty();
        byPartner.set(row.partner_id, partner);
      }
      add(partner, row);
    }
  }
  const counts = new Map(input.reasons.map((row) => [row.reason, row.conversions]));
  return {
    object: "stats",
    mode: input.mode,
    from: input.from,
    to: input.to,
    partner_id: input.partnerId ?? null,
    days: [...byDay.entries()].map(([date, figures]) => ({ date, ...present(figures) })),
    totals: {
      ...present(totals),
      attribution_rate:
        totals.conversions === 0 ? null : totals.attributed_conversions / totals.conversions,
    },
    top_partners: [...byPartner.entries()]
      .sort(
        ([idA, a], [idB, b]) =>
          b.attributed_conversions - a.attributed_conversions ||
          b.clicks - a.clicks ||
          idA.localeCompare(idB),
      )
      .slice(0, TOP_PARTNERS)
      .map(([partner_id, figures]) => ({ partner_id, ...present(figures) })),
    reasons: ATTRIBUTION_REASONS.map((reason: AttributionReason) => ({
      reason,
      conversions: counts.get(reason) ?? 0,
    })),
  };
}

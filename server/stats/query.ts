// Reading the daily aggregates for one merchant, mode, day range and (optionally) partner. The
// cost depends on the days and partners in the range, never on how many clicks there are.
import type { ModeQueries } from "../store/tenant";

/** Days as stored (YYYY-MM-DD, UTC), both included, and optionally one partner. */
export interface StatsRange {
  from: string;
  to: string;
  partnerId?: string | undefined;
}

export interface StatsRow {
  day: string;
  partner_id: string;
  currency: string;
  clicks: number;
  conversions: number;
  attributed_conversions: number;
  commission_cents: number;
  commission_reversed_cents: number;
}

export interface ReasonRow {
  reason: string;
  conversions: number;
}

/** The aggregate rows of the range, summed per day, partner and currency. */
export function statsQuery(tenant: ModeQueries, range: StatsRange) {
  let query = tenant
    .selectFrom("daily_stats")
    // PostgreSQL sums bigints as numeric, which its driver hands back as text.
    .select((eb) => [
      "day",
      "partner_id",
      "currency",
      eb.fn.sum<string | number>("clicks").as("clicks"),
      eb.fn.sum<string | number>("conversions").as("conversions"),
      eb.fn.sum<string | number>("attributed_conversions").as("attributed_conversions"),
      eb.fn.sum<string | number>("commission_cents").as("commission_cents"),
      eb.fn.sum<string | number>("commission_reversed_cents").as("commission_reversed_cents"),
    ])
    .where("day", ">=", range.from)
    .where("day", "<=", range.to);
  if (range.partnerId !== undefined) query = query.where("partner_id", "=", range.partnerId);
  return query.groupBy(["day", "partner_id", "currency"]);
}

export async function readStats(tenant: ModeQueries, range: StatsRange): Promise<StatsRow[]> {
  const rows = await statsQuery(tenant, range).execute();
  return rows.map((row) => ({
    day: row.day,
    partner_id: row.partner_id,
    currency: row.currency,
    clicks: Number(row.clicks),
    conversions: Number(row.conversions),
    attributed_conversions: Number(row.attributed_conversions),
    commission_cents: Number(row.commission_cents),
    commission_reversed_cents: Number(row.commission_reversed_cents),
  }));
}

/** Conversions of the range per reason. */
export function reasonsQuery(tenant: ModeQueries, range: StatsRange) {
  let query = tenant
    .selectFrom("daily_reasons")
    .select((eb) => ["reason", eb.fn.sum<string | number>("conversions").as("conversions")])
    .where("day", ">=", range.from)
    .where("day", "<=", range.to);
  if (range.partnerId !== undefined) query = query.where("partner_id", "=", range.partnerId);
  return query.groupBy("reason");
}

export async function readReasons(tenant: ModeQueries, range: StatsRange): Promise<ReasonRow[]> {
  const rows = await reasonsQuery(tenant, range).execute();
  return rows.map((row) => ({ reason: row.reason, conversions: Number(row.conversions) }));
}

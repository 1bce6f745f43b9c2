// Reading the daily aggregates for one merchant, mode, day range and (optionally) partner. The
// cost depends on the days and partners in the range, never on how many clicks there are.
import { type Kysely, sql } from "kysely";
import type { Mode } from "../contract/key-format";
import type { Database } from "../store/schema";

export interface StatsScope {
  merchantId: string;
  mode: Mode;
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

// PostgreSQL sums bigints as numeric, which its driver hands back as text.
const total = (column: string) => sql<string | number>`sum(${sql.ref(column)})`;

/** The aggregate rows of the scope, summed per day, partner and currency. */
export function statsQuery(db: Kysely<Database>, scope: StatsScope) {
  let query = db
    .selectFrom("daily_stats")
    .select([
      "day",
      "partner_id",
      "currency",
      total("clicks").as("clicks"),
      total("conversions").as("conversions"),
      total("attributed_conversions").as("attributed_conversions"),
      total("commission_cents").as("commission_cents"),
      total("commission_reversed_cents").as("commission_reversed_cents"),
    ])
    .where("merchant_id", "=", scope.merchantId)
    .where("mode", "=", scope.mode)
    .where("day", ">=", scope.from)
    .where("day", "<=", scope.to);
  if (scope.partnerId !== undefined) query = query.where("partner_id", "=", scope.partnerId);
  return query.groupBy(["day", "partner_id", "currency"]);
}

export async function readStats(db: Kysely<Database>, scope: StatsScope): Promise<StatsRow[]> {
  const rows = await statsQuery(db, scope).execute();
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

/** Conversions of the scope per reason. */
export function reasonsQuery(db: Kysely<Database>, scope: StatsScope) {
  let query = db
    .selectFrom("daily_reasons")
    .select(["reason", total("conversions").as("conversions")])
    .where("merchant_id", "=", scope.merchantId)
    .where("mode", "=", scope.mode)
    .where("day", ">=", scope.from)
    .where("day", "<=", scope.to);
  if (scope.partnerId !== undefined) query = query.where("partner_id", "=", scope.partnerId);
  return query.groupBy("reason");
}

export async function readReasons(db: Kysely<Database>, scope: StatsScope): Promise<ReasonRow[]> {
  const rows = await reasonsQuery(db, scope).execute();
  return rows.map((row) => ({ reason: row.reason, conversions: Number(row.conversions) }));
}

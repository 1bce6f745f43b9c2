// The visitor's click for this merchant, mode and ref created after `since` (the dedupe
// window's start), newest first: the Kysely store's look-up (the SQLite writer has its own, by
// the visitor-prefix index: sqlite-writer-queries.ts). Below, what the grouped writer asks when
// other processes share the database, and the daily aggregates' click counts both writers add.
import { type Kysely, sql, type Transaction } from "kysely";
import type { DailyStatsTable, Database, NewClick } from "../store/schema";

export type VisitorKey = Pick<NewClick, "merchant_id" | "mode" | "visitor_hash" | "ref">;

export function recentClickQuery(db: Kysely<Database>, visitor: VisitorKey, since: string) {
  return (
    db
      .selectFrom("clicks")
      .select(["id", "expires_at"])
      .where("merchant_id", "=", visitor.merchant_id)
      .where("mode", "=", visitor.mode)
      .where("visitor_hash", "=", visitor.visitor_hash)
      .where("ref", "=", visitor.ref)
      .where("created_at", ">", since)
      .orderBy("created_at", "desc")
      // A literal, not a parameter: the SQLite click writer binds only click fields.
      .limit(sql.lit(1))
  );
}

/**
 * PostgreSQL only: takes these advisory locks (in the given order) until the transaction ends.
 * Locks taken in one array follow its order, so callers that sort their ids never deadlock.
 */
export async function lockVisitorKeys(trx: Transaction<Database>, ids: bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`select pg_advisory_xact_lock(id) from unnest(${ids.map(String)}::bigint[]) as id`.execute(
    trx,
  );
}

/** Committed clicks of these visitors created after `since` (the earliest of their windows). */
export function recentClicksOfVisitors(
  trx: Transaction<Database>,
  visitors: VisitorKey[],
  since: string,
) {
  return trx
    .selectFrom("clicks")
    .select(["id", "expires_at", "created_at", "merchant_id", "mode", "visitor_hash", "ref"])
    .where("created_at", ">", since)
    .where((eb) =>
      eb.or(
        visitors.map((visitor) =>
          eb.and({
            merchant_id: visitor.merchant_id,
            mode: visitor.mode,
            visitor_hash: visitor.visitor_hash,
            ref: visitor.ref,
          }),
        ),
      ),
    )
    .execute();
}

/** Clicks of one merchant, mode, day and partner (stats/daily.ts clickDeltas). */
type ClickCount = Pick<DailyStatsTable, "merchant_id" | "mode" | "day" | "partner_id"> & {
  clicks: number;
};

/**
 * Adds stored clicks to the daily aggregates, in the transaction that stored them. Literals for
 * the other columns: the SQLite click writer binds only the counts' fields.
 */
export function countClicksQuery(db: Kysely<Database>, counts: ReadonlyArray<ClickCount>) {
  return db
    .insertInto("daily_stats")
    .values(
      counts.map((count) => ({
        merchant_id: count.merchant_id,
        mode: count.mode,
        day: count.day,
        partner_id: count.partner_id,
        clicks: count.clicks,
        currency: sql.lit(""),
        conversions: sql.lit(0),
        attributed_conversions: sql.lit(0),
        commission_cents: sql.lit(0),
        commission_reversed_cents: sql.lit(0),
      })),
    )
    .onConflict((oc) =>
      oc.columns(["merchant_id", "mode", "day", "partner_id", "currency"]).doUpdateSet((eb) => ({
        clicks: eb("daily_stats.clicks", "+", eb.ref("excluded.clicks")),
      })),
    );
}

// SQLite's planner chooses among a table's indexes from sqlite_stat1; without it, it guesses,
// and its guesses picked the merchant-wide index over a four-id look-up (tens of milliseconds
// at a million rows instead of one). Statistics are gathered at start-up and then hourly with
// `PRAGMA optimize`, which analyses only the tables whose size changed much since last time,
// each by sampling (`analysis_limit`), so it costs milliseconds however large the table is.
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema";

export const STATISTICS_INTERVAL_MS = 60 * 60_000;

/** Rows sampled per index when analysing: enough for the planner, bounded for large tables. */
const ANALYSIS_LIMIT = 1000;

/** At start-up: every table is checked (0x10000), not only those this connection used. */
export async function refreshStatistics(db: Kysely<Database>, atStart: boolean): Promise<void> {
  await sql`pragma analysis_limit = ${sql.lit(ANALYSIS_LIMIT)}`.execute(db);
  await sql`pragma optimize${sql.raw(atStart ? " = 0x10002" : "")}`.execute(db);
}

/** Refreshes the statistics now and every `intervalMs`; returns what stops it. */
export async function keepStatisticsCurrent(
  db: Kysely<Database>,
  onError: (error: unknown) => void,
  intervalMs = STATISTICS_INTERVAL_MS,
): Promise<() => void> {
  await refreshStatistics(db, true).catch(onError);
  const timer = setInterval(() => {
    refreshStatistics(db, false).catch(onError);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

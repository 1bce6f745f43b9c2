// Clicks that failed in the visitor's browser and were recorded by the snippet's retry
// (snippet/pending.ts): one row per click, for integration health to count.
import type { ModeQueries } from "../store/tenant";

export interface BrowserFailure {
  failedAttempts: number;
  /** ISO 8601, by the browser's clock. */
  firstFailedAt: string;
}

/** Records (or, for the same click retried again, updates) the failure behind `clickId`. */
export async function recordClickFailure(
  tenant: ModeQueries,
  row: { clickId: string; partnerId: string; recoveredAt: string },
  failure: BrowserFailure,
): Promise<void> {
  await tenant
    .insertInto("click_failures", {
      click_id: row.clickId,
      partner_id: row.partnerId,
      failed_attempts: failure.failedAttempts,
      first_failed_at: failure.firstFailedAt,
      recovered_at: row.recoveredAt,
    })
    .onConflict((conflict) =>
      conflict.column("click_id").doUpdateSet((eb) => ({
        failed_attempts: eb.ref("excluded.failed_attempts"),
        first_failed_at: eb.ref("excluded.first_failed_at"),
      })),
    )
    .execute();
}

/**
 * Clicks of a merchant and mode recorded since `from` after failing in the browser, and how
 * many requests failed before them (an index range scan: merchant, mode, recovered_at).
 */
export async function countClickFailures(
  tenant: ModeQueries,
  from: string,
): Promise<{ clicks: number; failedAttempts: number }> {
  const row = await tenant
    .selectFrom("click_failures")
    .select((eb) => [
      eb.fn.countAll<number | string>().as("clicks"),
      eb.fn.sum<number | string | null>("failed_attempts").as("attempts"),
    ])
    .where("recovered_at", ">=", from)
    .executeTakeFirstOrThrow();
  return { clicks: Number(row.clicks), failedAttempts: Number(row.attempts ?? 0) };
}

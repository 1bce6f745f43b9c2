// Fraud facts of the few clicks that have one (click_signals, docs/fraud.md): written by the
// click path only when a click has a signal, read by the fraud check when the click converts.
import type { ModeQueries } from "../store/tenant";

export interface ClickSignals {
  /** The snippet reported `navigator.webdriver`. */
  automated: boolean;
  /** The network's clicks in its window, when over the program's limit. */
  network: { clicks: number; minutes: number } | null;
}

/**
 * Records the click's signals. A click returned again (the visitor's click of the last hour)
 * keeps what it had and gains what this request adds: automated stays once reported.
 */
export async function recordClickSignals(
  tenant: ModeQueries,
  clickId: string,
  signals: ClickSignals,
  now: string,
): Promise<void> {
  await tenant
    .insertInto("click_signals", {
      click_id: clickId,
      automated: signals.automated ? 1 : 0,
      network_clicks: signals.network?.clicks ?? null,
      network_minutes: signals.network?.minutes ?? null,
      created_at: now,
    })
    .onConflict((conflict) =>
      conflict.column("click_id").doUpdateSet((eb) => ({
        automated: eb
          .case()
          .when("excluded.automated", "=", 1)
          .then(1)
          .else(eb.ref("click_signals.automated"))
          .end(),
        network_clicks: eb.fn.coalesce("excluded.network_clicks", "click_signals.network_clicks"),
        network_minutes: eb.fn.coalesce(
          "excluded.network_minutes",
          "click_signals.network_minutes",
        ),
      })),
    )
    .execute();
}

/** The click's signals, or null for an ordinary click (no row). */
export async function clickSignalsOf(
  tenant: ModeQueries,
  clickId: string,
): Promise<ClickSignals | null> {
  const row = await tenant
    .selectFrom("click_signals")
    .select(["automated", "network_clicks", "network_minutes"])
    .where("click_id", "=", clickId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    automated: Number(row.automated) === 1,
    network:
      row.network_clicks !== null && row.network_minutes !== null
        ? { clicks: Number(row.network_clicks), minutes: Number(row.network_minutes) }
        : null,
  };
}

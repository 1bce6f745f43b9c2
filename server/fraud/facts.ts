// What the fraud signals read from storage, within the conversion's merchant and mode.
import { DAY_MS } from "../lib/clock";
import type { ModeQueries } from "../store/tenant";
import type { FraudRules } from "./signals";

/** Partners other than `partnerId` this customer converted through in the rule's days. */
export async function otherPartnersOfCustomer(
  tenant: ModeQueries,
  rules: FraudRules,
  input: { customerId: string | null; partnerId: string; now: Date },
): Promise<string[]> {
  if (!input.customerId || rules.customer_partners <= 0) return [];
  const since = new Date(input.now.getTime() - rules.customer_partners_days * DAY_MS).toISOString();
  const rows = await tenant
    .selectFrom("conversions")
    .select("partner_id")
    .distinct()
    .where("customer_id", "=", input.customerId)
    .where("created_at", ">=", since)
    .where("status", "=", "attributed")
    .where("partner_id", "!=", input.partnerId)
    .limit(50)
    .execute();
  return rows.map((row) => row.partner_id).filter((id): id is string => id !== null);
}

/** At most this many of a visitor's clicks are read: far past any threshold a program may set. */
const VISITOR_CLICKS_READ = 500;

/**
 * The creation times (ms) of the visitor's clicks within `visitor_clicks_minutes` either side of
 * the conversion's click. A range scan of the visitor's own clicks: on PostgreSQL
 * clicks_by_visitor (merchant, mode, visitor, …), chosen on its statistics; on SQLite the
 * visitor-prefix index (0008_scale_visitor_prefix), named, since without statistics SQLite would
 * read the merchant's clicks of the window instead (store/sqlite-index-hint.ts). Never the
 * merchant's clicks of the window, as the query-plan test checks on a busy window with and
 * without statistics. Clicks of one ref within the hour are one click (the click path reuses
 * it), so this counts the visitor's distinct partners' links and later returns.
 */
export async function visitorClickTimes(
  tenant: ModeQueries,
  rules: FraudRules,
  click: { visitorHash: string; createdAt: string },
): Promise<number[]> {
  if (rules.visitor_clicks <= 0) return [];
  return (await visitorClicksQuery(tenant, rules, click).execute()).map((row) =>
    Date.parse(row.created_at),
  );
}

export function visitorClicksQuery(
  tenant: ModeQueries,
  rules: FraudRules,
  click: { visitorHash: string; createdAt: string },
) {
  const at = Date.parse(click.createdAt);
  const window = rules.visitor_clicks_minutes * 60_000;
  return (
    tenant
      .selectFrom("clicks", { sqliteIndex: "clicks_by_visitor_prefix" })
      .select("created_at")
      // Literal 1 and 8: SQLite matches an expression index only on the very same expression.
      .where((eb) =>
        eb(
          eb.fn<string>("substr", ["visitor_hash", eb.lit(1), eb.lit(8)]),
          "=",
          click.visitorHash.slice(0, 8),
        ),
      )
      .where("visitor_hash", "=", click.visitorHash)
      .where("created_at", ">=", new Date(at - window).toISOString())
      .where("created_at", "<=", new Date(at + window).toISOString())
      .limit(VISITOR_CLICKS_READ)
  );
}

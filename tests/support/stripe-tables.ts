// Reading what the Stripe integration stored, straight from the database, for assertions.
import type { Harness } from "./harness";

const TABLES = [
  "conversions",
  "commissions",
  "refunds",
  "audit_log",
  "stripe_events",
  "stripe_links",
  "stripe_subscriptions",
] as const;

export type TableCounts = Record<(typeof TABLES)[number], number>;

/** Row counts of every table a webhook may write: "nothing recorded" means these are unchanged. */
export async function tableCounts(h: Harness): Promise<TableCounts> {
  const counts = {} as TableCounts;
  for (const table of TABLES) {
    const row = await h.services.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

export function conversionsOf(h: Harness, externalTransactionId: string) {
  return h.services.store.db
    .selectFrom("conversions")
    .selectAll()
    .where("merchant_id", "=", h.merchant.merchant_id)
    .where("external_transaction_id", "=", externalTransactionId)
    .execute();
}

export function commissionOf(h: Harness, conversionId: string) {
  return h.services.store.db
    .selectFrom("commissions")
    .selectAll()
    .where("conversion_id", "=", conversionId)
    .executeTakeFirst();
}

/** Under a test clock entries share a time; ids begin with the real time, so they keep order. */
export function auditOfEvent(h: Harness, stripeEventId: string) {
  return h.services.store.db
    .selectFrom("audit_log")
    .selectAll()
    .where("stripe_event_id", "=", stripeEventId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

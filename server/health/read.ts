// What integration health reads, each by an index range scan over aggregates or a few newest
// rows: the daily counts (daily_health, daily_reasons), a few example conversions per reason
// (conversions_by_reason), the merchant's Stripe signing secrets, its newest Stripe event and
// its kept signature failures (at most 20). Nothing here grows with the number of clicks.
import type { Mode } from "../contract/key-format";
import { readReasons } from "../stats/query";
import type { MerchantQueries, ModeQueries } from "../store/tenant";
import { lastStripeEvent, recentSignatureFailures } from "../stripe/signature-failures";

export interface HealthPeriod {
  /** ISO times: the period asked for. */
  gte: string;
  lt: string;
  /** The UTC days it touches, inclusive. */
  fromDay: string;
  toDay: string;
}

export interface HealthCountRow {
  kind: string;
  key_id: string;
  subject: string;
  count: number;
}

export interface ExampleConversion {
  id: string;
  reason: string;
  source: string;
  event_type: string;
  external_transaction_id: string;
  request_id: string;
  click_id: string | null;
  partner_id: string | null;
  created_at: string;
  /** Stripe's Payment Link id from the conversion's metadata, when a Payment Link made it. */
  payment_link: string | null;
}

/** Reasons whose examples the report names. */
const EXAMPLE_REASONS = [
  "CLICK_ID_MISSING",
  "CLICK_NOT_FOUND",
  "MODE_MISMATCH",
  "PARTNER_NOT_APPROVED",
] as const;
/** CLICK_ID_MISSING examples are read deeper, to find some of each source among them. */
const EXAMPLES_PER_REASON = 3;
const MISSING_EXAMPLES_READ = 30;

/** The period's daily counts, summed: a range scan of daily_health's primary key. */
export function healthCountsQuery(tenant: ModeQueries, period: HealthPeriod) {
  return tenant
    .selectFrom("daily_health")
    .select((eb) => ["kind", "key_id", "subject", eb.fn.sum<string | number>("count").as("count")])
    .where("day", ">=", period.fromDay)
    .where("day", "<=", period.toDay)
    .groupBy(["kind", "key_id", "subject"]);
}

export async function readHealthCounts(
  tenant: ModeQueries,
  period: HealthPeriod,
): Promise<HealthCountRow[]> {
  const rows = await healthCountsQuery(tenant, period).execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export function readReasonCounts(tenant: ModeQueries, period: HealthPeriod) {
  return readReasons(tenant, { from: period.fromDay, to: period.toDay });
}

function paymentLinkOf(metadata: string | null): string | null {
  if (!metadata) return null;
  try {
    const link = (JSON.parse(metadata) as { stripe_payment_link?: unknown }).stripe_payment_link;
    return typeof link === "string" ? link : null;
  } catch {
    return null;
  }
}

/** The newest conversions of one reason in the period: a range scan of conversions_by_reason. */
export function examplesQuery(
  tenant: ModeQueries,
  period: HealthPeriod,
  reason: string,
  limit: number,
) {
  return tenant
    .selectFrom("conversions")
    .select([
      "id",
      "reason",
      "source",
      "event_type",
      "external_transaction_id",
      "request_id",
      "click_id",
      "partner_id",
      "created_at",
      "metadata",
    ])
    .where("reason", "=", reason)
    .where("created_at", ">=", period.gte)
    .where("created_at", "<", period.lt)
    .orderBy("created_at", "desc")
    .limit(limit);
}

export async function readExamples(
  tenant: ModeQueries,
  period: HealthPeriod,
): Promise<ExampleConversion[]> {
  const perReason = await Promise.all(
    EXAMPLE_REASONS.map((reason) =>
      examplesQuery(
        tenant,
        period,
        reason,
        reason === "CLICK_ID_MISSING" ? MISSING_EXAMPLES_READ : EXAMPLES_PER_REASON,
      ).execute(),
    ),
  );
  return perReason.flat().map(({ metadata, ...row }) => ({
    ...row,
    payment_link: paymentLinkOf(metadata),
  }));
}

export interface StripeFacts {
  configuredModes: Mode[];
  lastEvent: { event_id: string; type: string; received_at: string; request_id: string } | null;
  failures: Array<{
    received_at: string;
    request_id: string;
    reason: string;
    claimed_mode: Mode | null;
  }>;
}

export async function readStripeFacts(
  merchant: MerchantQueries,
  mode: Mode,
  period: HealthPeriod,
): Promise<StripeFacts> {
  const [secrets, last, failures] = await Promise.all([
    merchant.selectFrom("stripe_integrations").select("mode").execute(),
    lastStripeEvent(merchant, mode),
    recentSignatureFailures(merchant, mode),
  ]);
  return {
    configuredModes: secrets.map((s) => s.mode),
    lastEvent: last
      ? {
          event_id: last.event_id,
          type: last.type,
          received_at: last.received_at,
          request_id: last.request_id,
        }
      : null,
    failures: failures
      .filter((f) => f.received_at >= period.gte && f.received_at < period.lt)
      .map(({ received_at, request_id, reason, claimed_mode }) => ({
        received_at,
        request_id,
        reason,
        claimed_mode,
      })),
  };
}

/** The merchant's publishable keys, to name them in evidence (never a secret key). */
export async function readPublishableKeys(merchant: MerchantQueries, mode: Mode) {
  return merchant
    .selectFrom("api_keys")
    .select(["id", "public_value", "last4", "revoked_at"])
    .where("kind", "=", "pk")
    .where("mode", "=", mode)
    .execute();
}

// Webhook deliveries to a known merchant whose signature did not verify, kept so Settings ›
// Stripe can show them ("the last signature failures": a wrong secret, a proxy changing the
// body, a stale clock). Only the newest few per merchant are kept: a stream of forged requests
// costs a bounded table, and nothing is kept for merchant ids that do not exist.
import type { Mode } from "../contract/key-format";
import { toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import { findMerchant } from "../merchants/find";
import type { Services } from "../services";
import { type MerchantQueries, merchantScoped } from "../store/tenant";

export const KEPT_PER_MERCHANT = 20;

interface SignatureFailure {
  /** As it appears in the endpoint's path: only a merchant that exists gets a row. */
  merchantId: string;
  requestId: string;
  reason: string;
  message: string;
  /** The raw body, read only for the livemode it claims: it is not trusted for anything else. */
  raw: string;
}

function claimedMode(raw: string): Mode | null {
  try {
    const livemode = (JSON.parse(raw) as { livemode?: unknown } | null)?.livemode;
    return livemode === true ? "live" : livemode === false ? "test" : null;
  } catch {
    return null;
  }
}

export async function recordSignatureFailure(
  services: Pick<Services, "store" | "clock">,
  failure: SignatureFailure,
): Promise<void> {
  const { db } = services.store;
  if (!(await findMerchant(db, failure.merchantId))) return;
  await merchantScoped(db, failure.merchantId).transaction(async (trx) => {
    await trx
      .insertInto("stripe_signature_failures", {
        id: newId("sigf"),
        received_at: toIso(services.clock.now()),
        request_id: failure.requestId,
        reason: failure.reason,
        message: failure.message,
        claimed_mode: claimedMode(failure.raw),
      })
      .execute();
    await trimToNewest(trx);
  });
}

/** Deletes all but the newest KEPT_PER_MERCHANT. */
async function trimToNewest(tenant: MerchantQueries): Promise<void> {
  const oldestKept = await tenant
    .selectFrom("stripe_signature_failures")
    .select(["received_at", "id"])
    .orderBy("received_at", "desc")
    .orderBy("id", "desc")
    .offset(KEPT_PER_MERCHANT - 1)
    .limit(1)
    .executeTakeFirst();
  if (!oldestKept) return;
  await tenant
    .deleteFrom("stripe_signature_failures")
    .where((eb) =>
      eb.or([
        eb("received_at", "<", oldestKept.received_at),
        eb.and([eb("received_at", "=", oldestKept.received_at), eb("id", "<", oldestKept.id)]),
      ]),
    )
    .execute();
}

/** The newest failures that claimed this mode, or no readable mode. */
export function recentSignatureFailures(tenant: MerchantQueries, mode: Mode) {
  return tenant
    .selectFrom("stripe_signature_failures")
    .select(["id", "received_at", "request_id", "reason", "message", "claimed_mode"])
    .where((eb) => eb.or([eb("claimed_mode", "=", mode), eb("claimed_mode", "is", null)]))
    .orderBy("received_at", "desc")
    .orderBy("id", "desc")
    .limit(KEPT_PER_MERCHANT)
    .execute();
}

/** The newest verified event of this merchant and mode. */
export function lastStripeEvent(tenant: MerchantQueries, mode: Mode) {
  return tenant
    .selectFrom("stripe_events")
    .select(["event_id", "type", "received_at", "outcome", "request_id"])
    .where("mode", "=", mode)
    .orderBy("received_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

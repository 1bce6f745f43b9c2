// Webhook deliveries to a known merchant whose signature did not verify, kept so Settings ›
// Stripe can show them ("the last signature failures": a wrong secret, a proxy changing the
// body, a stale clock). Only the newest few per merchant are kept: a stream of forged requests
// costs a bounded table, and nothing is kept for merchant ids that do not exist.
import type { Kysely } from "kysely";
import type { Mode } from "../contract/key-format";
import { type Clock, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { Database } from "../store/schema";

export const KEPT_PER_MERCHANT = 20;

interface SignatureFailure {
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
  db: Kysely<Database>,
  clock: Clock,
  failure: SignatureFailure,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const merchant = await trx
      .selectFrom("merchants")
      .select("id")
      .where("id", "=", failure.merchantId)
      .executeTakeFirst();
    if (!merchant) return;
    await trx
      .insertInto("stripe_signature_failures")
      .values({
        id: newId("sigf"),
        merchant_id: failure.merchantId,
        received_at: toIso(clock.now()),
        request_id: failure.requestId,
        reason: failure.reason,
        message: failure.message,
        claimed_mode: claimedMode(failure.raw),
      })
      .execute();
    const keep = await trx
      .selectFrom("stripe_signature_failures")
      .select(["received_at", "id"])
      .where("merchant_id", "=", failure.merchantId)
      .orderBy("received_at", "desc")
      .orderBy("id", "desc")
      .offset(KEPT_PER_MERCHANT - 1)
      .limit(1)
      .executeTakeFirst();
    if (keep) {
      await trx
        .deleteFrom("stripe_signature_failures")
        .where("merchant_id", "=", failure.merchantId)
        .where((eb) =>
          eb.or([
            eb("received_at", "<", keep.received_at),
            eb.and([eb("received_at", "=", keep.received_at), eb("id", "<", keep.id)]),
          ]),
        )
        .execute();
    }
  });
}

export async function recentSignatureFailures(
  db: Kysely<Database>,
  merchantId: string,
  mode: Mode,
) {
  return db
    .selectFrom("stripe_signature_failures")
    .select(["id", "received_at", "request_id", "reason", "message", "claimed_mode"])
    .where("merchant_id", "=", merchantId)
    .where((eb) => eb.or([eb("claimed_mode", "=", mode), eb("claimed_mode", "is", null)]))
    .orderBy("received_at", "desc")
    .orderBy("id", "desc")
    .limit(KEPT_PER_MERCHANT)
    .execute();
}

/** The newest verified event of this merchant and mode. */
export async function lastStripeEvent(db: Kysely<Database>, merchantId: string, mode: Mode) {
  return db
    .selectFrom("stripe_events")
    .select(["event_id", "type", "received_at", "outcome", "request_id"])
    .where("merchant_id", "=", merchantId)
    .where("mode", "=", mode)
    .orderBy("received_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

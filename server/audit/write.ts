// The Attribution Audit Log: one row per decision (attribution, refund, Stripe event …), with
// the request id that caused it and the facts it used, so support can answer "why?" later.
import type { Kysely } from "kysely";
import type { Mode } from "../contract/key-format";
import { type Clock, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { AuditEntry, Database } from "../store/schema";
import { type Actor, currentActor } from "./actor";

export interface AuditInput {
  merchantId: string;
  mode: Mode;
  requestId: string;
  /** What was decided: `attribution`, `refund`, or a Stripe step such as `stripe_event`. */
  action: string;
  /** The outcome, e.g. `attributed` / `unattributed` / `rejected` / `reversed`. */
  decision: string;
  /** A reason code; server/audit/explain.ts turns the known ones into the guide's sentence. */
  reason: string;
  clickId?: string | null;
  conversionId?: string | null;
  externalTransactionId?: string | null;
  stripeEventId?: string | null;
  /** Serialised as JSON; keep it to plain data (strings, numbers, booleans, null, objects). */
  facts: object;
  /** Who caused it; by default the actor of the request being handled (audit/actor.ts). */
  actor?: Actor;
}

/** Inserts the entry with `db`, which may be a transaction so it commits with the decision. */
export async function writeAuditEntry(
  db: Kysely<Database>,
  clock: Clock,
  input: AuditInput,
): Promise<AuditEntry> {
  const actor = input.actor ?? currentActor();
  const row: AuditEntry = {
    id: newId("aud"),
    merchant_id: input.merchantId,
    mode: input.mode,
    request_id: input.requestId,
    created_at: toIso(clock.now()),
    action: input.action,
    decision: input.decision,
    reason: input.reason,
    click_id: input.clickId ?? null,
    conversion_id: input.conversionId ?? null,
    external_transaction_id: input.externalTransactionId ?? null,
    stripe_event_id: input.stripeEventId ?? null,
    facts: JSON.stringify(input.facts),
    actor_type: actor?.type ?? null,
    actor_id: actor?.id ?? null,
    actor_label: actor?.label ?? null,
  };
  await db.insertInto("audit_log").values(row).execute();
  return row;
}

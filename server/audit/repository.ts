// The Attribution Audit Log: one row per decision (attribution, refund, Stripe event …), with
// the request id that caused it and the facts it used, so support can answer "why?" later.
import type { AuditAction, AuditDecision } from "../contract/schemas/audit";
import { type Clock, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import { type Page, type PageRequest, paginate } from "../store/paginate";
import type { AuditEntry } from "../store/schema";
import type { ModeQueries } from "../store/tenant";
import { type Actor, currentActor } from "./actor";

export interface AuditInput {
  requestId: string;
  /** What was decided: `attribution`, `refund`, or a Stripe step such as `stripe_event`. */
  action: AuditAction;
  /** The outcome, e.g. `attributed` / `unattributed` / `rejected` / `reversed`. */
  decision: AuditDecision;
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

/** Inserts the entry through `tenant`, which may be a transaction's so it commits with the decision. */
export async function writeAuditEntry(
  tenant: ModeQueries,
  clock: Clock,
  input: AuditInput,
): Promise<AuditEntry> {
  const actor = input.actor ?? currentActor();
  const row: AuditEntry = {
    id: newId("aud"),
    merchant_id: tenant.scope.merchantId,
    mode: tenant.scope.mode,
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
  await tenant.insertInto("audit_log", row).execute();
  return row;
}

interface AuditFilters {
  click_id?: string | undefined;
  conversion_id?: string | undefined;
  request_id?: string | undefined;
  external_transaction_id?: string | undefined;
}

/** Throws UnknownCursor (store/paginate.ts) for a cursor outside the list. */
export function listAuditEntries(
  tenant: ModeQueries,
  page: PageRequest,
  filters: AuditFilters,
): Promise<Page<AuditEntry>> {
  return paginate(tenant, "audit_log", page, filters);
}

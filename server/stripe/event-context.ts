// What every event-type handler (event-types/*.ts) is given and answers: the verified event in
// its merchant's scope, and what was done with it. Decisions that are not a sale's (an event
// ignored for a reason) are written to the audit log here, with the event's id and type.
import { writeAuditEntry } from "../audit/repository";
import type { Mode } from "../contract/key-format";
import type { AuditDecision } from "../contract/schemas/audit";
import type { WebhookOutcome } from "../contract/schemas/stripe";
import type { ConversionContext, ConversionOutcome } from "../conversions/record";
import type { Services } from "../services";
import { type ModeQueries, scoped } from "../store/tenant";
import type { VerifiedEvent } from "./verify";

export interface EventScope {
  merchantId: string;
  /** From the event's livemode, checked against the secret that signed it. */
  mode: Mode;
  requestId: string;
  event: VerifiedEvent;
  /**
   * The event was kept for longer than it may wait (stripe/pending-sweep.ts): act without what
   * it waits for, or give it up, instead of keeping it again.
   */
  waitExpired?: boolean;
}

/**
 * What handling an event did (contract/schemas/stripe.ts); `pending`: kept until what it refers
 * to arrives (stripe/pending.ts); `expired`: kept too long and given up, a redelivery tries again.
 */
type HandledOutcome = Exclude<WebhookOutcome, "processing">;

/** Pending events to try again once this one is done: those waiting for these Stripe ids. */
export interface Wake {
  ids: string[];
  /** Only events of these types (default: any). */
  types?: ReadonlyArray<string>;
}

export interface Handled {
  outcome: HandledOutcome;
  reason: string;
  conversionId: string | null;
  wake?: Wake;
}

export type EventServices = Pick<Services, "store" | "clock" | "metrics" | "logger">;

/** Acts on one event of its type; the event is claimed, so this runs once per event id. */
export type EventTypeHandler = (services: EventServices, scope: EventScope) => Promise<Handled>;

/** Why an event asks nothing of this service, decided from its payload alone. */
export interface Ignored {
  kind: "ignored";
  reason: string;
  detail: string;
}

export function ignored(reason: string, detail: string): Ignored {
  return { kind: "ignored", reason, detail };
}

export function tenantOf(services: EventServices, scope: EventScope): ModeQueries {
  return scoped(services.store.db, scope);
}

export async function auditEvent(
  services: EventServices,
  scope: EventScope,
  decision: AuditDecision,
  reason: string,
  entry: {
    conversionId?: string | null;
    externalTransactionId?: string | null;
    facts: Record<string, unknown>;
  },
): Promise<void> {
  await writeAuditEntry(tenantOf(services, scope), services.clock, {
    requestId: scope.requestId,
    action: "stripe_event",
    decision,
    reason,
    conversionId: entry.conversionId ?? null,
    externalTransactionId: entry.externalTransactionId ?? null,
    stripeEventId: scope.event.id,
    facts: { event_type: scope.event.type, livemode: scope.event.livemode, ...entry.facts },
  });
}

/** An ignored event, audited with its reason: Stripe gets its 200 and nothing is recorded. */
export async function acknowledgeIgnored(
  services: EventServices,
  scope: EventScope,
  why: Ignored,
): Promise<Handled> {
  await auditEvent(services, scope, "ignored", why.reason, { facts: { detail: why.detail } });
  return { outcome: "ignored", reason: why.reason, conversionId: null };
}

/** Metadata values kept on a conversion: the ones that are set. */
export function compact(values: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

/**
 * A conversion recorded from an event. CONVERSION_DUPLICATE is not an error for a webhook: the
 * sale was already counted (through the Conversion API with the same transaction id, or by an
 * earlier delivery). Stripe gets its 200 and the existing conversion is used for the links that
 * follow.
 */
export async function handledConversion(
  services: EventServices,
  scope: EventScope,
  outcome: ConversionOutcome,
): Promise<Handled> {
  if (outcome.kind === "recorded") {
    return {
      outcome: "recorded",
      reason: outcome.decision.reason,
      conversionId: outcome.conversion.id,
    };
  }
  await auditEvent(services, scope, "duplicate", "CONVERSION_DUPLICATE", {
    conversionId: outcome.conversion.id,
    externalTransactionId: outcome.conversion.external_transaction_id,
    facts: { detail: "The transaction was already reported; the existing conversion stands." },
  });
  return {
    outcome: "duplicate",
    reason: "CONVERSION_DUPLICATE",
    conversionId: outcome.conversion.id,
  };
}

/** How an event's conversion is reported to the shared recording (conversions/record.ts). */
export function conversionContext(scope: EventScope): ConversionContext {
  return {
    merchantId: scope.merchantId,
    mode: scope.mode,
    requestId: scope.requestId,
    source: "stripe",
    stripeEventId: scope.event.id,
  };
}

// What a management change (partners, programs, settings, the Stripe secret) did, as an audit
// entry: the fields that changed, each from → to, in the API's own shapes. Pure.
import type { AuditDecision } from "../contract/schemas/audit";
import type { AuditInput } from "./repository";

export type ManagedResource = "partner" | "program" | "settings" | "stripe_integration";

interface ManagementChange {
  resource: ManagedResource;
  /** The object before the change, in the API's shape; undefined for a creation (and Stripe). */
  before: Record<string, unknown> | undefined;
  after: Record<string, unknown>;
}

type ChangeEntry = Pick<AuditInput, "action" | "decision" | "reason" | "facts">;

/** Bookkeeping fields that change with every update and say nothing of their own. */
const IGNORED = new Set(["updated_at", "object"]);

type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, to] of Object.entries(after)) {
    if (IGNORED.has(field)) continue;
    const from = before[field];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

/** The audit entry of a change, or undefined when nothing changed. */
export function describeChange(change: ManagementChange): ChangeEntry | undefined {
  const { resource, before, after } = change;
  if (resource === "stripe_integration") {
    // A secret is never shown, not even masked as it was: the new one's mask says enough.
    return {
      action: resource,
      decision: "updated",
      reason: "STRIPE_SECRET_CHANGED",
      facts: { mode: after.mode ?? null, webhook_secret: after.webhook_secret ?? null },
    };
  }
  const subject = { [`${resource}_id`]: after.id ?? null };
  if (before === undefined) {
    return {
      action: resource,
      decision: "created",
      reason: `${resource.toUpperCase()}_CREATED`,
      facts: { ...subject, [resource]: after },
    };
  }
  const changes = changedFields(before, after);
  if (Object.keys(changes).length === 0) return undefined;
  const facts = resource === "settings" ? { changes } : { ...subject, changes };
  switch (resource) {
    case "partner":
      return changes.status
        ? {
            action: resource,
            decision: String(changes.status.to) as AuditDecision,
            reason: "PARTNER_STATUS_CHANGED",
            facts,
          }
        : { action: resource, decision: "updated", reason: "PARTNER_UPDATED", facts };
    case "program":
      return { action: resource, decision: "updated", reason: "PROGRAM_SETTINGS_CHANGED", facts };
    case "settings":
      return { action: resource, decision: "updated", reason: "SETTINGS_CHANGED", facts };
  }
}

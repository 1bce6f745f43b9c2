import type { AuditEntryObject } from "../contract/schemas/audit";
import type { AuditEntry } from "../store/schema";
import { explainReason } from "./explain";

/** Facts are stored as JSON text; a row that somehow holds something else still reads. */
function parseFacts(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
    return { value: parsed };
  } catch {
    return { raw: text };
  }
}

function explanationOf(reason: string): AuditEntryObject["explanation"] {
  const explanation = explainReason(reason);
  if (!explanation) return null;
  const { guide_section, cause, fix } = explanation;
  return { guide_section, cause, fix };
}

export function presentAuditEntry(row: AuditEntry): AuditEntryObject {
  return {
    id: row.id,
    object: "audit_entry",
    created_at: row.created_at,
    mode: row.mode,
    request_id: row.request_id,
    action: row.action,
    decision: row.decision,
    reason: row.reason,
    click_id: row.click_id,
    conversion_id: row.conversion_id,
    external_transaction_id: row.external_transaction_id,
    stripe_event_id: row.stripe_event_id,
    facts: parseFacts(row.facts),
    explanation: explanationOf(row.reason),
    actor:
      row.actor_type && row.actor_id
        ? {
            type: row.actor_type as "user" | "api_key",
            id: row.actor_id,
            label: row.actor_label ?? "",
          }
        : null,
  };
}

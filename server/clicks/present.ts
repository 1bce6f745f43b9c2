import type { ClickObject } from "../contract/schemas/clicks";
import type { Click } from "../store/schema";

/** The visitor hash stays inside: it is how we dedupe, not something merchants need. */
export function presentClick(row: Click): ClickObject {
  return {
    id: row.id,
    object: "click",
    mode: row.mode,
    partner_id: row.partner_id,
    program_id: row.program_id,
    ref: row.ref,
    url: row.url,
    referrer: row.referrer,
    created_at: row.created_at,
    expires_at: row.expires_at,
  };
}

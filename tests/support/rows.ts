// Rows written straight to storage, for read-endpoint tests that must not depend on how the
// conversion flow produces them (that flow has its own tests).
import type { Mode } from "../../server/contract/key-format";
import { newId } from "../../server/lib/ids";
import type { AuditEntry, Commission, NewClick } from "../../server/store/schema";
import type { Harness } from "./harness";

export async function insertCommission(
  h: Harness,
  fields: Partial<Commission> & { mode: Mode },
): Promise<Commission> {
  const now = h.clock.now().toISOString();
  const row: Commission = {
    id: newId("com"),
    merchant_id: h.merchant.merchant_id,
    conversion_id: newId("conv"),
    partner_id: h.partner.id,
    program_id: h.program.id,
    amount_cents: 980,
    reversed_amount_cents: 0,
    currency: "EUR",
    status: "pending",
    held_by: null,
    status_before_hold: null,
    due_at: null,
    payout_id: null,
    paid_at: null,
    paid_amount_cents: null,
    created_at: now,
    updated_at: now,
    ...fields,
  };
  await h.services.store.db.insertInto("commissions").values(row).execute();
  return row;
}

export async function insertAuditEntry(
  h: Harness,
  fields: Partial<AuditEntry> & { mode: Mode },
): Promise<AuditEntry> {
  const row: AuditEntry = {
    id: newId("aud"),
    merchant_id: h.merchant.merchant_id,
    request_id: newId("req"),
    created_at: h.clock.now().toISOString(),
    action: "attribution",
    decision: "unattributed",
    reason: "ATTRIBUTION_WINDOW_EXPIRED",
    click_id: newId("clk"),
    conversion_id: newId("conv"),
    external_transaction_id: `txn_${newId("evt")}`,
    stripe_event_id: null,
    facts: JSON.stringify({ click_created_at: "2026-01-01T00:00:00.000Z", window_days: 30 }),
    actor_type: null,
    actor_id: null,
    actor_label: null,
    ...fields,
  };
  await h.services.store.db.insertInto("audit_log").values(row).execute();
  return row;
}

/** A click row as the click path builds it, for tests that drive a click store directly. */
export function clickRow(fields: Partial<NewClick> & Pick<NewClick, "id">): NewClick {
  return {
    merchant_id: "mer_x",
    mode: "test",
    partner_id: "prt_x",
    program_id: "prg_x",
    ref: "demo",
    visitor_hash: "v",
    url: null,
    referrer: null,
    created_at: "2026-01-15T12:00:00.000Z",
    expires_at: "2026-02-14T12:00:00.000Z",
    ...fields,
  };
}

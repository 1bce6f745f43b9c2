// Conversion helpers for the conversion and refund tests: report one over HTTP, read the audit
// entries a decision left behind (straight from the table, independent of the audit-log API).
import type { AuditEntry } from "../../server/store/schema";
import type { CallResult, Harness } from "./harness";

let sequence = 0;

/** A unique transaction id per call, so tests never collide by accident. */
export function txn(label = "txn"): string {
  sequence += 1;
  return `${label}_${Date.now().toString(36)}_${sequence}`;
}

export interface ConvertOptions {
  key?: string;
  requestId?: string;
}

export function convert(
  h: Harness,
  body: Record<string, unknown>,
  options: ConvertOptions = {},
): Promise<CallResult> {
  return h.post("/api/v1/conversions", {
    key: options.key ?? h.merchant.keys.sk_test,
    body: {
      event_type: "purchase",
      external_transaction_id: txn(),
      amount_cents: 4900,
      currency: "EUR",
      ...body,
    },
    ...(options.requestId ? { headers: { "X-Request-Id": options.requestId } } : {}),
  });
}

export type ParsedAuditEntry = Omit<AuditEntry, "facts"> & { facts: Record<string, unknown> };

export async function auditEntries(
  h: Harness,
  where: Partial<Pick<AuditEntry, "conversion_id" | "request_id" | "external_transaction_id">>,
): Promise<ParsedAuditEntry[]> {
  let query = h.services.store.db.selectFrom("audit_log").selectAll();
  for (const [column, value] of Object.entries(where)) {
    query = query.where(column as "request_id", "=", value as string);
  }
  const rows = await query.orderBy("created_at").orderBy("id").execute();
  return rows.map((row) => ({ ...row, facts: JSON.parse(row.facts) }));
}

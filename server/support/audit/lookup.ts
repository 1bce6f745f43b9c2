// Which audit-log column an id a merchant or support holds is looked up by. Pure.

export type AuditField =
  | "click_id"
  | "conversion_id"
  | "request_id"
  | "external_transaction_id"
  | "stripe_event_id";

export const FIELD_NAMES: Record<AuditField, string> = {
  click_id: "click id",
  conversion_id: "conversion id",
  request_id: "request id",
  external_transaction_id: "external transaction id",
  stripe_event_id: "Stripe event id",
};

/**
 * Selgeo's own ids say what they are by their prefix. Anything else is either a request id the
 * caller chose (X-Request-Id accepts any sane value) or the merchant's transaction id (for
 * Stripe, the Checkout Session id), so both columns are searched.
 */
export function fieldsFor(id: string): AuditField[] {
  if (id.startsWith("clk_")) return ["click_id"];
  if (id.startsWith("conv_")) return ["conversion_id"];
  if (id.startsWith("evt_")) return ["stripe_event_id"];
  if (id.startsWith("req_")) return ["request_id"];
  return ["request_id", "external_transaction_id"];
}

export function describeFields(fields: AuditField[]): string {
  return fields.map((field) => FIELD_NAMES[field]).join(" or ");
}

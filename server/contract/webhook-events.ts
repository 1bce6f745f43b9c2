// The events Selgeo sends to merchants' webhook endpoints (docs/webhooks.md), shared by the API's
// schemas, the domain that emits them and the dashboard.
export const WEBHOOK_EVENT_TYPES = [
  "conversion.recorded",
  "conversion.attributed",
  "commission.created",
  "commission.reversed",
  "commission.due",
  "commission.paid",
  "partner.updated",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The header that carries `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const WEBHOOK_SIGNATURE_HEADER = "Selgeo-Signature";

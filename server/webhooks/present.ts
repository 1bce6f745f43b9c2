import type { WebhookDeliveryObject, WebhookEndpointObject } from "../contract/schemas/webhooks";
import type { WebhookEventType } from "../contract/webhook-events";
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from "../store/schema";

export function presentEndpoint(row: WebhookEndpoint): WebhookEndpointObject {
  return {
    id: row.id,
    object: "webhook_endpoint",
    mode: row.mode,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    description: row.description,
    disabled: row.disabled === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function presentDelivery(row: WebhookDelivery): WebhookDeliveryObject {
  return {
    id: row.id,
    object: "webhook_delivery",
    mode: row.mode,
    endpoint_id: row.endpoint_id,
    event_id: row.event_id,
    event_type: row.event_type as WebhookEventType,
    status: row.status,
    attempts: Number(row.attempts),
    next_attempt_at: row.status === "pending" ? row.next_attempt_at : null,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    delivered_at: row.delivered_at,
    created_at: row.created_at,
  };
}

export function presentAttempt(row: WebhookAttempt) {
  return {
    id: row.id,
    status_code: row.status_code,
    error: row.error,
    duration_ms: Number(row.duration_ms),
    created_at: row.created_at,
  };
}

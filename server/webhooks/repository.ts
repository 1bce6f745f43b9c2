// Webhook endpoints, events, deliveries and attempts, always within one merchant and one mode.
import { type Page, type PageRequest, paginate } from "../store/paginate";
import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEvent,
} from "../store/schema";
import type { ModeQueries } from "../store/tenant";

export async function insertEndpoint(tenant: ModeQueries, row: WebhookEndpoint): Promise<void> {
  await tenant.insertInto("webhook_endpoints", row).execute();
}

export function findEndpoint(
  tenant: ModeQueries,
  id: string,
): Promise<WebhookEndpoint | undefined> {
  return tenant.selectFrom("webhook_endpoints").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listEndpoints(
  tenant: ModeQueries,
  page: PageRequest,
): Promise<Page<WebhookEndpoint>> {
  return paginate(tenant, "webhook_endpoints", page);
}

export async function updateEndpoint(
  tenant: ModeQueries,
  id: string,
  set: Partial<Pick<WebhookEndpoint, "url" | "events" | "description" | "disabled">> & {
    updated_at: string;
  },
): Promise<WebhookEndpoint | undefined> {
  const result = await tenant
    .updateTable("webhook_endpoints")
    .set(set)
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return findEndpoint(tenant, id);
}

export async function deleteEndpoint(tenant: ModeQueries, id: string): Promise<boolean> {
  const result = await tenant
    .deleteFrom("webhook_endpoints")
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export function findEvent(tenant: ModeQueries, id: string): Promise<WebhookEvent | undefined> {
  return tenant.selectFrom("webhook_events").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findDelivery(
  tenant: ModeQueries,
  id: string,
): Promise<WebhookDelivery | undefined> {
  return tenant
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
}

export function listDeliveries(
  tenant: ModeQueries,
  page: PageRequest,
  filters: { endpoint_id?: string | undefined; status?: WebhookDelivery["status"] | undefined },
): Promise<Page<WebhookDelivery>> {
  return paginate(tenant, "webhook_deliveries", page, filters);
}

export function attemptsOf(tenant: ModeQueries, deliveryId: string): Promise<WebhookAttempt[]> {
  return tenant
    .selectFrom("webhook_attempts")
    .selectAll()
    .where("delivery_id", "=", deliveryId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Takes the delivery for one attempt, unless another worker took it first (its time moved). */
export async function claimDelivery(
  tenant: ModeQueries,
  id: string,
  seenNextAttemptAt: string,
  leaseUntil: string,
): Promise<boolean> {
  const result = await tenant
    .updateTable("webhook_deliveries")
    .set({ next_attempt_at: leaseUntil })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("next_attempt_at", "=", seenNextAttemptAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records an attempt and what it made of the delivery; the caller's transaction holds both. */
export async function recordAttempt(
  tenant: ModeQueries,
  attempt: WebhookAttempt,
  delivery: Pick<
    WebhookDelivery,
    | "id"
    | "status"
    | "attempts"
    | "next_attempt_at"
    | "last_status_code"
    | "last_error"
    | "delivered_at"
  >,
): Promise<void> {
  await tenant.insertInto("webhook_attempts", attempt).execute();
  await tenant
    .updateTable("webhook_deliveries")
    .set({
      status: delivery.status,
      attempts: delivery.attempts,
      next_attempt_at: delivery.next_attempt_at,
      last_status_code: delivery.last_status_code,
      last_error: delivery.last_error,
      delivered_at: delivery.delivered_at,
    })
    .where("id", "=", delivery.id)
    .execute();
}

/** Sends the delivery again now, with a fresh retry window; answers the delivery as it is now. */
export async function requeueDelivery(
  tenant: ModeQueries,
  id: string,
  at: string,
  retryUntil: string,
): Promise<WebhookDelivery | undefined> {
  await tenant
    .updateTable("webhook_deliveries")
    .set({ status: "pending", next_attempt_at: at, retry_until: retryUntil })
    .where("id", "=", id)
    .execute();
  return findDelivery(tenant, id);
}

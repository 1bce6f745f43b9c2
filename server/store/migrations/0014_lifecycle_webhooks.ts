import type { Kysely } from "kysely";

// Outbound webhooks (docs/webhooks.md): endpoints per mode, the events Selgeo reports, and the
// outbox of deliveries, written in the same transaction as the change they report, with every
// attempt recorded. Kysely's schema builder only, so it runs on SQLite and PostgreSQL alike.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("url", "text", (col) => col.notNull())
    // JSON array of event types.
    .addColumn("events", "text", (col) => col.notNull())
    .addColumn("description", "text")
    // The signing secret: kept (signing needs it), shown to the merchant once.
    .addColumn("secret", "text", (col) => col.notNull())
    .addColumn("disabled", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_endpoints_by_tenant")
    .on("webhook_endpoints")
    .columns(["merchant_id", "mode", "created_at", "id"])
    .execute();

  await db.schema
    .createTable("webhook_events")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("type", "text", (col) => col.notNull())
    // The event as sent, JSON: the body of every delivery of it.
    .addColumn("payload", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("endpoint_id", "text", (col) => col.notNull())
    .addColumn("event_id", "text", (col) => col.notNull())
    .addColumn("event_type", "text", (col) => col.notNull())
    // pending (to be tried at next_attempt_at), delivered, failed (gave up after three days).
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text")
    // Retries stop here: three days after the event, or after a resend.
    .addColumn("retry_until", "text", (col) => col.notNull())
    .addColumn("last_status_code", "integer")
    .addColumn("last_error", "text")
    .addColumn("delivered_at", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  // The worker takes pending deliveries in the order they are due, across merchants.
  await db.schema
    .createIndex("webhook_deliveries_due")
    .on("webhook_deliveries")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_by_endpoint")
    .on("webhook_deliveries")
    .columns(["merchant_id", "mode", "endpoint_id", "created_at", "id"])
    .execute();

  await db.schema
    .createTable("webhook_attempts")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("delivery_id", "text", (col) => col.notNull())
    .addColumn("status_code", "integer")
    .addColumn("error", "text")
    .addColumn("duration_ms", "integer", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_attempts_by_delivery")
    .on("webhook_attempts")
    .columns(["merchant_id", "mode", "delivery_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "webhook_attempts",
    "webhook_deliveries",
    "webhook_events",
    "webhook_endpoints",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

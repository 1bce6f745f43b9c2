import type { Kysely } from "kysely";

// The Stripe integration's own tables: signing secrets, received events (the dedupe lock),
// subscriptions and the Stripe objects that lead back to a conversion. Kysely's schema builder
// only, so the same migration runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("stripe_integrations")
    .addColumn("merchant_id", "text", (col) => col.notNull().references("merchants.id"))
    .addColumn("mode", "text", (col) => col.notNull())
    // Kept in clear: verifying an HMAC needs the secret itself, not a hash of it.
    .addColumn("webhook_secret", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("stripe_integrations_pk", ["merchant_id", "mode"])
    .execute();

  await db.schema
    .createTable("stripe_events")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("event_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("type", "text", (col) => col.notNull())
    .addColumn("received_at", "text", (col) => col.notNull())
    .addColumn("request_id", "text", (col) => col.notNull())
    .addColumn("outcome", "text", (col) => col.notNull())
    .addColumn("conversion_id", "text")
    // The dedupe lock: of five deliveries of one event, exactly one inserts this row.
    .addPrimaryKeyConstraint("stripe_events_pk", ["merchant_id", "event_id"])
    .execute();

  await db.schema
    .createTable("stripe_subscriptions")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("subscription_id", "text", (col) => col.notNull())
    .addColumn("first_conversion_id", "text", (col) => col.notNull())
    .addColumn("started_at", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("stripe_subscriptions_pk", ["merchant_id", "mode", "subscription_id"])
    .execute();

  await db.schema
    .createTable("stripe_links")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("stripe_id", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("conversion_id", "text")
    .addColumn("invoice_id", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("stripe_links_pk", ["merchant_id", "mode", "stripe_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "stripe_links",
    "stripe_subscriptions",
    "stripe_events",
    "stripe_integrations",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

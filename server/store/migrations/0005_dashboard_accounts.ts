import type { Kysely } from "kysely";

// The dashboard's own tables: merchant users and their sessions, who made each audited change,
// and the Stripe webhook deliveries that failed their signature check (for Settings › Stripe).
// Kysely's schema builder only, so the same migration runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull().references("merchants.id"))
    // Lower-cased: one account per address, whatever case it is typed in.
    .addColumn("email", "text", (col) => col.notNull().unique())
    .addColumn("password_hash", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("last_sign_in_at", "text")
    .execute();
  await db.schema
    .createIndex("users_by_merchant")
    .on("users")
    .columns(["merchant_id", "created_at"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (col) => col.primaryKey())
    // sha256 of the cookie's token: a copy of the table signs nobody in.
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id"))
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("csrf_token", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("last_seen_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_by_user").on("sessions").column("user_id").execute();

  // Who caused an audit entry: a user of the dashboard or an API key. Empty for entries written
  // before this migration and for those Stripe's deliveries cause.
  await db.schema.alterTable("audit_log").addColumn("actor_type", "text").execute();
  await db.schema.alterTable("audit_log").addColumn("actor_id", "text").execute();
  await db.schema.alterTable("audit_log").addColumn("actor_label", "text").execute();

  await db.schema
    .createTable("stripe_signature_failures")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("received_at", "text", (col) => col.notNull())
    .addColumn("request_id", "text", (col) => col.notNull())
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("message", "text", (col) => col.notNull())
    // What the unverified payload claims (livemode), to help tell which endpoint sent it.
    .addColumn("claimed_mode", "text")
    .execute();
  await db.schema
    .createIndex("stripe_signature_failures_by_merchant")
    .on("stripe_signature_failures")
    .columns(["merchant_id", "received_at"])
    .execute();
  // "When did the last event arrive" per merchant and mode, without reading every event.
  await db.schema
    .createIndex("stripe_events_by_arrival")
    .on("stripe_events")
    .columns(["merchant_id", "mode", "received_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("stripe_events_by_arrival").ifExists().execute();
  await db.schema.dropTable("stripe_signature_failures").ifExists().execute();
  await db.schema.alterTable("audit_log").dropColumn("actor_label").execute();
  await db.schema.alterTable("audit_log").dropColumn("actor_id").execute();
  await db.schema.alterTable("audit_log").dropColumn("actor_type").execute();
  await db.schema.dropTable("sessions").ifExists().execute();
  await db.schema.dropTable("users").ifExists().execute();
}

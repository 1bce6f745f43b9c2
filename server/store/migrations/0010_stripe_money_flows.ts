import { type Kysely, sql } from "kysely";

// Stripe as merchants' money really flows (docs/stripe.md): events kept until what they refer to
// arrives, disputes that hold a commission, trial bounties and the commission base per program,
// and where a subscription's recurring commissions start counting. Kysely's schema builder only,
// one column per ALTER (SQLite adds one at a time), so it runs on SQLite and PostgreSQL alike.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A flat amount paid when a subscription starts free (a trial); null: a free start earns nothing.
  await db.schema.alterTable("programs").addColumn("trial_bounty_amount_cents", "bigint").execute();
  await db.schema.alterTable("programs").addColumn("trial_bounty_currency", "text").execute();
  // 1: shipping counts towards the commission base; 0 (the default): only the goods do.
  await db.schema
    .alterTable("programs")
    .addColumn("commission_base_includes_shipping", "integer", (col) => col.notNull().defaultTo(0))
    .execute();

  // A commission held while a dispute is open: which dispute, and the status to return to.
  await db.schema.alterTable("commissions").addColumn("held_by", "text").execute();
  await db.schema.alterTable("commissions").addColumn("status_before_hold", "text").execute();

  // The start of the subscription's first paid billing period: recurring_months count from here
  // (a trial's free weeks do not use them up). Null until a payment above zero is known.
  await db.schema.alterTable("stripe_subscriptions").addColumn("paid_from", "text").execute();
  // Subscriptions recorded before: their months counted from the session, as they did.
  await sql`update stripe_subscriptions set paid_from = started_at`.execute(db);

  // Events that arrived before what they refer to, kept until it does (or until they expire).
  await db.schema
    .createTable("stripe_pending_events")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("event_id", "text", (col) => col.notNull())
    .addColumn("event_type", "text", (col) => col.notNull())
    // When Stripe created the event (Unix seconds): kept events are applied in this order.
    .addColumn("event_created", "bigint", (col) => col.notNull())
    // The verified event (id, type, livemode, created, data.object) as JSON, to act on later.
    .addColumn("payload", "text", (col) => col.notNull())
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("request_id", "text", (col) => col.notNull())
    .addColumn("parked_at", "text", (col) => col.notNull())
    .addColumn("checked_at", "text", (col) => col.notNull())
    // Set by a wake-up that found the event being handled: its handler tries again when done.
    .addColumn("woken", "integer", (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("stripe_pending_events_pk", ["merchant_id", "mode", "event_id"])
    .execute();
  // The periodic pass takes the longest-unchecked events first, across merchants.
  await db.schema
    .createIndex("stripe_pending_events_by_check")
    .on("stripe_pending_events")
    .column("checked_at")
    .execute();

  // What each pending event waits for: a subscription, a payment intent, a charge, an invoice.
  await db.schema
    .createTable("stripe_pending_refs")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("stripe_id", "text", (col) => col.notNull())
    .addColumn("event_id", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("stripe_pending_refs_pk", [
      "merchant_id",
      "mode",
      "stripe_id",
      "event_id",
    ])
    .execute();
  await db.schema
    .createIndex("stripe_pending_refs_by_event")
    .on("stripe_pending_refs")
    .columns(["merchant_id", "mode", "event_id"])
    .execute();

  // Disputes (chargebacks) of payments that became conversions: opened once, closed once.
  await db.schema
    .createTable("stripe_disputes")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("dispute_id", "text", (col) => col.notNull())
    .addColumn("conversion_id", "text", (col) => col.notNull())
    .addColumn("charge_id", "text", (col) => col.notNull())
    .addColumn("amount_cents", "bigint", (col) => col.notNull())
    .addColumn("currency", "text", (col) => col.notNull())
    // open, then won, lost, warning_closed or prevented.
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("reason", "text")
    .addColumn("opened_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("stripe_disputes_pk", ["merchant_id", "mode", "dispute_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["stripe_disputes", "stripe_pending_refs", "stripe_pending_events"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable("stripe_subscriptions").dropColumn("paid_from").execute();
  for (const column of ["status_before_hold", "held_by"]) {
    await db.schema.alterTable("commissions").dropColumn(column).execute();
  }
  for (const column of [
    "commission_base_includes_shipping",
    "trial_bounty_currency",
    "trial_bounty_amount_cents",
  ]) {
    await db.schema.alterTable("programs").dropColumn(column).execute();
  }
}

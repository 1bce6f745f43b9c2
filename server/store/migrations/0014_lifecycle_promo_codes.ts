import type { Kysely } from "kysely";

// Stripe promotion codes owned by partners (docs/promotion-codes.md): a sale that used one is
// credited to its owner, and the program says who wins when a click names another partner.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("partner_promotion_codes")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    // Stripe's promo_… id (test and live ids differ, so one table serves both modes).
    .addColumn("promotion_code_id", "text", (col) => col.notNull())
    .addColumn("partner_id", "text", (col) => col.notNull())
    // The code customers type (SUMMER10), for people; matching is by id.
    .addColumn("code", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("partner_promotion_codes_pk", ["merchant_id", "promotion_code_id"])
    .execute();
  // `code` (the default): the promotion code's partner is credited over a click's; `click`: the click's.
  await db.schema
    .alterTable("programs")
    .addColumn("promo_code_precedence", "text", (col) => col.notNull().defaultTo("code"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("partner_promotion_codes").ifExists().execute();
  await db.schema.alterTable("programs").dropColumn("promo_code_precedence").execute();
}

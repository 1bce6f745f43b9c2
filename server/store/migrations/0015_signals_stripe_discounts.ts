import type { Kysely } from "kysely";

// The promotion code behind each Stripe discount (`di_…`) the merchant's customers hold, as
// customer.discount.created / .updated name it: since API version 2025-03-31 an invoice lists its
// discounts as bare ids, and Selgeo does not call Stripe's API, so an invoice's bare discount id
// finds its code here (docs/promotion-codes.md). A discount without a code is kept too (null):
// an invoice waiting for it then knows there is no code to wait for.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("stripe_discounts")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("discount_id", "text", (col) => col.notNull())
    .addColumn("promotion_code_id", "text")
    .addColumn("subscription_id", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("stripe_discounts_pkey", ["merchant_id", "mode", "discount_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("stripe_discounts").execute();
}

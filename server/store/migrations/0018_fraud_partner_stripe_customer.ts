import type { Kysely } from "kysely";

// A partner's own Stripe customer (docs/fraud.md): a sale whose Stripe customer is the partner's
// is a self-referral even when the customer typed another e-mail. Nullable, not unique: one
// person may be two partners (two programs), and a merchant may give the same customer to both;
// the fraud check compares by the partner it already knows, so no index is needed either.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("partners").addColumn("stripe_customer_id", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("partners").dropColumn("stripe_customer_id").execute();
}

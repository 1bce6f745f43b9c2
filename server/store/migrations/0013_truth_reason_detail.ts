import type { Kysely } from "kysely";

// Why a conversion is CLICK_ID_MISSING, when the server can tell (contract/attribution-reasons.ts
// MISSING_CLICK_DETAILS). Null for conversions recorded before, and for every other reason.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("conversions").addColumn("reason_detail", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("conversions").dropColumn("reason_detail").execute();
}

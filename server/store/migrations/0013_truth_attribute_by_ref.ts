import type { Kysely } from "kysely";

// A program setting, off by default: a sale whose click failed in the browser (the snippet's
// clk_failed_<ref> stand-in) is credited to the partner of that ref (ATTRIBUTED_BY_REF).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("programs")
    .addColumn("attribute_by_ref", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("programs").dropColumn("attribute_by_ref").execute();
}

// Merchant settings, kept on the merchant's own row (shared by both modes).
import type { Kysely } from "kysely";
import type { Database } from "../store/schema";

/** Stored as JSON text in merchants.allowed_origins; an empty list means any origin. */
export async function saveAllowedOrigins(
  db: Kysely<Database>,
  merchantId: string,
  origins: string[],
): Promise<string> {
  const allowed_origins = JSON.stringify(origins);
  await db.updateTable("merchants").set({ allowed_origins }).where("id", "=", merchantId).execute();
  return allowed_origins;
}

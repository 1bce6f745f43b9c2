import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import * as initial from "./migrations/0001_initial";
import * as stripe from "./migrations/0002_stripe";
import type { Database } from "./schema";

// Listed by hand, not read from disk, so the bundle and tsx run the same set in the same order.
const migrations: Record<string, Migration> = {
  "0001_initial": initial,
  "0002_stripe": stripe,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to run on every start and from several processes. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

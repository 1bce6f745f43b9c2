// A database made ready for a server process the test starts itself: migrated, with a merchant,
// a program and an approved partner `demo`, and kept open so the test can check afterwards
// what the server stored. On PostgreSQL it is a schema of its own (DATABASE_SCHEMA).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../server/lib/clock";
import { randomBase62 } from "../../server/lib/ids";
import { type CreatedMerchant, createMerchant } from "../../server/merchants/create";
import { insertPartner } from "../../server/partners/repository";
import { insertProgram } from "../../server/programs/repository";
import { openStore, type Store } from "../../server/store/connect";
import { migrateToLatest } from "../../server/store/migrate";
import { merchantScoped } from "../../server/store/tenant";
import { type Dialect, POSTGRES_URL, TEST_SCHEMA_PREFIX } from "./harness";

export interface SeededStore {
  store: Store;
  merchant: CreatedMerchant;
  /** The environment that points `selgeo serve` at this database. */
  env: Record<string, string>;
  /** SQLite: the directory holding the database file. */
  dir: string | undefined;
}

export async function seededStore(
  dialect: Dialect,
  options: { dir?: string } = {},
): Promise<SeededStore> {
  let env: Record<string, string>;
  let store: Store;
  let dir: string | undefined;
  if (dialect === "postgres") {
    const schema = `${TEST_SCHEMA_PREFIX}${randomBase62(12).toLowerCase()}`;
    store = await openStore(POSTGRES_URL, { schema });
    env = { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema };
  } else {
    dir = options.dir ?? mkdtempSync(join(tmpdir(), "selgeo-seeded-"));
    const url = `file:${join(dir, "selgeo.db")}`;
    store = await openStore(url);
    env = { DATABASE_URL: url };
  }
  await migrateToLatest(store);
  const merchant = await createMerchant(store.db, systemClock, "Fault Test Shop");
  const tenant = merchantScoped(store.db, merchant.merchant_id);
  const program = await insertProgram(tenant, systemClock, { name: "Default program" });
  await insertPartner(tenant, systemClock, {
    name: "Demo Partner",
    email: "partner@example.com",
    program_id: program.id,
    ref: "demo",
    status: "approved",
  });
  return { store, merchant, env, dir };
}

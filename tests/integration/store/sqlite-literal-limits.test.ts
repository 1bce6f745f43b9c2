// SQLite's stores write a query's LIMIT into its text (store/sqlite-literal-limits.ts): a bound
// `limit ?` makes SQLite re-plan the statement each time it runs. PostgreSQL keeps the parameter.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../../server/store/connect";
import { migrateToLatest } from "../../../server/store/migrate";
import { scoped } from "../../../server/store/tenant";
import { POSTGRES_URL, TEST_SCHEMA_PREFIX } from "../../support/harness";
import { postgresAvailable } from "../../support/services-available";

const dir = mkdtempSync(join(tmpdir(), "selgeo-limits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const withPostgres = await postgresAvailable();

describe("LIMIT on SQLite", () => {
  it("is written into the SQL of the server's connection, its readers and a tenant's queries", async () => {
    const store = await openStore(`file:${join(dir, "limits.db")}`);
    try {
      await migrateToLatest(store);
      const tenant = { merchantId: "mer_a", mode: "test" as const };
      for (const db of [store.db, store.reader]) {
        const page = scoped(db, tenant).selectFrom("clicks").select("id").limit(21).compile();
        expect(page.sql).toMatch(/ limit 21$/);
        expect(page.parameters).not.toContain(21);
      }
      // Inside a transaction too, and the rows still come back.
      const ids = await store.db.transaction().execute(async (trx) => {
        const query = trx.selectFrom("merchants").select("id").limit(3);
        expect(query.compile().sql).toMatch(/ limit 3$/);
        return query.execute();
      });
      expect(ids).toEqual([]);
      // Anything but a whole number stays a parameter (and SQLite refuses it, as before).
      const odd = store.db.selectFrom("merchants").select("id").limit(sql<number>`1 + 1`);
      expect(odd.compile().sql).toMatch(/ limit 1 \+ 1$/);
    } finally {
      await store.close();
    }
  });

  it.runIf(withPostgres)("stays a parameter on PostgreSQL", async () => {
    const store = await openStore(POSTGRES_URL, { schema: `${TEST_SCHEMA_PREFIX}limits` });
    try {
      const compiled = store.db.selectFrom("merchants").select("id").limit(21).compile();
      expect(compiled.sql).toMatch(/ limit \$1$/);
      expect(compiled.parameters).toEqual([21]);
    } finally {
      await store.close();
    }
  });
});

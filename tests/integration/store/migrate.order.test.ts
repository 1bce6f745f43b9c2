// Migration numbers are reserved per line of work and land in any order: a database that already
// ran a later number (0010) still takes an earlier one (0005) that reaches it afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../../server/store/connect";
import { migrateToLatest } from "../../../server/store/migrate";
import * as dashboardAccounts from "../../../server/store/migrations/0005_dashboard_accounts";
import * as dashboardStats from "../../../server/store/migrations/0005_dashboard_stats";

describe("migrateToLatest", () => {
  let dir: string | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("applies a migration numbered before one the database already ran", async () => {
    dir = mkdtempSync(join(tmpdir(), "selgeo-migrate-"));
    store = await openStore(`file:${join(dir, "selgeo.db")}`);
    await migrateToLatest(store);
    // As a database that ran 0010 before the 0005 migrations existed.
    await dashboardStats.down(store.db as never);
    await dashboardAccounts.down(store.db as never);
    await sql`delete from kysely_migration where name like '0005_%'`.execute(store.db);

    const applied = await migrateToLatest(store);

    expect(applied).toEqual(["0005_dashboard_accounts", "0005_dashboard_stats"]);
    const users = await sql<{ n: number }>`select count(*) as n from users`.execute(store.db);
    expect(users.rows[0]?.n).toBe(0);
  });
});

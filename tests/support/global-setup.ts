// Once per test run: afterwards, drop the PostgreSQL schemas the tests made (each harness has
// its own; see Harness.close for why they are not dropped one by one).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { postgresAvailable } from "./services-available";

export function setup(): void {
  // Before any worker starts, so every worker (and the harness's prefix) sees the same id.
  process.env.SELGEO_TEST_RUN ??= randomBytes(4).toString("hex");
}

export async function teardown(): Promise<void> {
  const { POSTGRES_URL, TEST_SCHEMA_PREFIX } = await import("./harness");
  if (!(await postgresAvailable().catch(() => false))) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "select nspname as name from pg_namespace where starts_with(nspname, $1)",
      [TEST_SCHEMA_PREFIX],
    );
    for (const { name } of rows) {
      await client.query(`drop schema if exists "${name}" cascade`);
    }
  } finally {
    await client.end();
  }
}

// The same storage code on both engines: migrations, the click path, unique constraints.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../../../server/store/errors";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";

const dialects = await dialectsUnderTest();

describe.each(dialects)("storage on $dialect", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await createHarness({ dialect });
  });
  afterAll(async () => h?.close());

  it.runIf(available)("answers readiness with its engine", async () => {
    expect((await h.get("/readyz")).body).toEqual({ status: "ready", storage: dialect });
  });

  it.runIf(available)(
    "records, deduplicates and reads back clicks with exact times and numbers",
    async () => {
      const first = await h.click("demo", { ip: "192.0.2.1" });
      const again = await h.click("demo", { ip: "192.0.2.1" });
      expect(first.status).toBe(201);
      expect(again.body.click_id).toBe(first.body.click_id);
      const row = await h.services.store.db
        .selectFrom("clicks")
        .selectAll()
        .where("id", "=", first.body.click_id)
        .executeTakeFirstOrThrow();
      expect(row.created_at).toBe(h.clock.now().toISOString());
      expect(row.expires_at).toBe(first.body.expires_at);
    },
  );

  it.runIf(available)("groups racing clicks of many visitors into durable batches", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => h.click("demo", { ip: `192.0.3.${i}` })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const ids = results.map((r) => r.body.click_id);
    const stored = await h.services.store.db
      .selectFrom("clicks")
      .select("id")
      .where("id", "in", ids)
      .execute();
    expect(stored).toHaveLength(200);
  });

  it.runIf(available)(
    "has the visitor index on PostgreSQL only (the SQLite click writer remembers visitors)",
    async () => {
      const indexes =
        dialect === "sqlite"
          ? await sql<{
              name: string;
            }>`select name from sqlite_master where type = 'index'`.execute(h.services.store.db)
          : await sql<{
              name: string;
            }>`select indexname as name from pg_indexes where schemaname = ${h.services.store.schema ?? "public"}`.execute(
              h.services.store.db,
            );
      const names = indexes.rows.map((row) => row.name);
      expect(names).toContain("clicks_list");
      expect(names.includes("clicks_by_visitor")).toBe(dialect === "postgres");
    },
  );

  it.runIf(available)("keeps bigint cents as numbers", async () => {
    const program = await h.createProgram({
      commission: { type: "flat", amount_cents: 9_999_999_999, currency: "EUR" },
    });
    const row = await h.services.store.db
      .selectFrom("programs")
      .select("commission_amount_cents")
      .where("id", "=", program.id)
      .executeTakeFirstOrThrow();
    expect(row.commission_amount_cents).toBe(9_999_999_999);
  });

  it.runIf(available)("reports unique violations in a way both engines share", async () => {
    const error = await h.createPartner({ ref: "demo" }).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });
});

describe("SQLite in memory (file::memory:)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ databaseUrl: "file::memory:" });
  });
  afterAll(async () => h?.close());

  it("keeps clicks without a file: recorded and deduplicated on the server's own connection", async () => {
    expect(h.services.store.path).toBe(":memory:");
    const first = await h.click("demo", { ip: "192.0.2.1" });
    const again = await h.click("demo", { ip: "192.0.2.1" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.click_id).toBe(first.body.click_id);
  });
});

// The plan a database chooses for a compiled Kysely query, as text: SQLite's `EXPLAIN QUERY PLAN`
// details, PostgreSQL's `EXPLAIN` lines. On PostgreSQL a test's tiny tables are cheaper to read
// whole, so sequential scans are forbidden while explaining: the plan then shows whether an index
// can serve the query at all.
import { CompiledQuery, type Kysely, sql } from "kysely";
import type { Database } from "../../server/store/schema";
import type { Harness } from "./harness";

export async function queryPlan(
  h: Harness,
  query: { compile(): { sql: string; parameters: readonly unknown[] } },
): Promise<string> {
  const { sql: text, parameters } = query.compile();
  const db = h.services.store.db as Kysely<Database>;
  if (h.services.store.dialect === "sqlite") {
    const explained = await db.executeQuery(
      CompiledQuery.raw(`explain query plan ${text}`, [...parameters]),
    );
    return (explained.rows as Array<{ detail: string }>).map((r) => r.detail).join("\n");
  }
  return db.connection().execute(async (connection) => {
    await sql`set enable_seqscan = off`.execute(connection);
    const explained = await connection.executeQuery(
      CompiledQuery.raw(`explain ${text}`, [...parameters]),
    );
    await sql`reset enable_seqscan`.execute(connection);
    return (explained.rows as Array<{ "QUERY PLAN": string }>)
      .map((r) => r["QUERY PLAN"])
      .join("\n");
  });
}

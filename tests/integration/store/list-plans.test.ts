// Query plans of every list and audit-log query, on both engines: each is a range scan of an
// index that starts with the tenant's columns and the filter's, in the list's order — never a
// scan of a table, nor of a merchant's whole history filtered row by row, nor a sort of it.
// The queries are the ones the API really runs: captured while the lists are called with each
// filter, a cursor and a date range, then explained with their own parameters.
//   SQLite: over skewed data (a big merchant beside the tested one, one partner with most of the
//     clicks) with the statistics the server gathers at start-up (store/sqlite-statistics.ts).
//   PostgreSQL: over the same data, analysed, with sequential and bitmap scans priced out of
//     reach (`enable_* = off`: a few thousand rows would otherwise be read whole), so the plan
//     shows whether an index that serves the query exists: its Index Cond must hold the tenant
//     and the filter, and nothing be sorted or filtered row by row.
// A look-up by a unique key (an id, a commission's conversion, a conversion's transaction) reads
// at most one row per key, so it may find the tenant's columns in the row.
import {
  CompiledQuery,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  sql,
  type UnknownRow,
} from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recentClickQuery } from "../../../server/click-store/queries";
import { newId } from "../../../server/lib/ids";
import type { Store } from "../../../server/store/connect";
import type { Database } from "../../../server/store/schema";
import { refreshStatistics } from "../../../server/store/sqlite-statistics";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";

const dialects = await dialectsUnderTest();

const LISTED_TABLES = ["clicks", "conversions", "commissions", "audit_log"];

/** Each call the lists answer; `{cursor}` becomes the last id of the same list's first page. */
const CALLS = [
  "/api/v1/clicks",
  "/api/v1/clicks?partner_id={partner}",
  "/api/v1/clicks?ref=small",
  "/api/v1/clicks?partner_id={partner}&starting_after={cursor}",
  "/api/v1/clicks?created[gte]=2026-01-10T00:00:00Z&created[lt]=2026-01-12T00:00:00Z",
  "/api/v1/clicks?starting_after={cursor}",
  "/api/v1/conversions",
  "/api/v1/conversions?click_id={click}",
  "/api/v1/conversions?external_transaction_id=txn_5",
  "/api/v1/conversions?partner_id={partner}",
  "/api/v1/conversions?status=unattributed",
  "/api/v1/conversions?reason=ATTRIBUTION_WINDOW_EXPIRED",
  "/api/v1/conversions?starting_after={cursor}&limit=20",
  "/api/v1/commissions",
  "/api/v1/commissions?partner_id={partner}",
  "/api/v1/commissions?status=reversed",
  "/api/v1/commissions?conversion_id={conversion}",
  "/api/v1/commissions?starting_after={cursor}",
  "/api/v1/audit-log",
  "/api/v1/audit-log?click_id={click}",
  "/api/v1/audit-log?conversion_id={conversion}",
  "/api/v1/audit-log?request_id=req_5",
  "/api/v1/audit-log?external_transaction_id=txn_5",
  "/api/v1/audit-log?starting_after={cursor}",
];

/** Notes every SELECT on a listed table, compiled, with its parameters. */
function recorder(db: Kysely<Database>, seen: Map<string, readonly unknown[]>): KyselyPlugin {
  return {
    transformQuery(args: PluginTransformQueryArgs) {
      if (args.node.kind === "SelectQueryNode") {
        const compiled = db.getExecutor().compileQuery(args.node, args.queryId);
        if (LISTED_TABLES.some((table) => compiled.sql.includes(`from "${table}"`))) {
          seen.set(compiled.sql, compiled.parameters);
        }
      }
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return args.result;
    },
  };
}

/** Columns compared for equality in the query's where clause (its tenant and its filters). */
function equalities(sqlText: string): string[] {
  const where = sqlText.slice(sqlText.indexOf(" where "));
  return [...where.matchAll(/"(\w+)" (?:=|in) [($?]/g)].map((match) => match[1] as string);
}

const DAY = 86_400_000;
const START = Date.parse("2026-01-01T00:00:00.000Z");

/**
 * Skewed rows: another merchant with most of the data, and in the tested one a big partner
 * beside a small one, so an index of the merchant's whole history looks tempting to a planner.
 */
async function seed(h: Harness, small: string, big: string): Promise<void> {
  const db = h.services.store.db;
  const other = await h.otherMerchant();
  const owners = [
    { merchant: other.merchant_id, count: 3000, partner: "prt_other" },
    { merchant: h.merchant.merchant_id, count: 1500, partner: big },
    { merchant: h.merchant.merchant_id, count: 40, partner: small },
  ];
  let n = 0;
  for (const owner of owners) {
    for (let start = 0; start < owner.count; start += 250) {
      const clicks = [];
      const conversions = [];
      const commissions = [];
      const audit = [];
      for (let i = start; i < Math.min(owner.count, start + 250); i++) {
        n++;
        const created = new Date(START + ((n * 7919) % (30 * DAY))).toISOString();
        const clickId = newId("clk");
        const ref = owner.partner === small ? "small" : "big";
        clicks.push({
          id: clickId,
          merchant_id: owner.merchant,
          mode: "test" as const,
          partner_id: owner.partner,
          program_id: h.program.id,
          ref,
          visitor_hash: `v${n}`,
          url: "https://shop.example/p",
          referrer: null,
          created_at: created,
          expires_at: created,
        });
        if (n % 10 !== 0) continue;
        const conversionId = newId("conv");
        const attributed = n % 20 === 0;
        conversions.push({
          id: conversionId,
          merchant_id: owner.merchant,
          mode: "test" as const,
          click_id: clickId,
          partner_id: owner.partner,
          program_id: h.program.id,
          event_type: "purchase",
          external_transaction_id: `txn_${n}`,
          amount_cents: 1000,
          currency: "EUR",
          customer_id: null,
          metadata: null,
          status: attributed ? ("attributed" as const) : ("unattributed" as const),
          reason: attributed ? "ATTRIBUTED" : "ATTRIBUTION_WINDOW_EXPIRED",
          refunded_amount_cents: 0,
          source: "api",
          occurred_at: created,
          created_at: created,
          request_id: `req_${n}`,
        });
        if (attributed) {
          commissions.push({
            id: newId("com"),
            merchant_id: owner.merchant,
            mode: "test" as const,
            conversion_id: conversionId,
            partner_id: owner.partner,
            program_id: h.program.id,
            amount_cents: 100,
            reversed_amount_cents: 0,
            currency: "EUR",
            status: "pending" as const,
            held_by: null,
            status_before_hold: null,
            created_at: created,
            updated_at: created,
          });
        }
        audit.push({
          id: newId("aud"),
          merchant_id: owner.merchant,
          mode: "test" as const,
          request_id: `req_${n}`,
          created_at: created,
          action: "attribution" as const,
          decision: attributed ? ("attributed" as const) : ("unattributed" as const),
          reason: attributed ? "ATTRIBUTED" : "ATTRIBUTION_WINDOW_EXPIRED",
          click_id: clickId,
          conversion_id: conversionId,
          external_transaction_id: `txn_${n}`,
          stripe_event_id: null,
          facts: "{}",
          actor_type: null,
          actor_id: null,
          actor_label: null,
        });
      }
      await db.insertInto("clicks").values(clicks).execute();
      if (conversions.length) await db.insertInto("conversions").values(conversions).execute();
      if (commissions.length) await db.insertInto("commissions").values(commissions).execute();
      if (audit.length) await db.insertInto("audit_log").values(audit).execute();
    }
  }
}

interface Explained {
  sql: string;
  plan: string;
}

async function explainSqlite(db: Kysely<Database>, text: string, parameters: readonly unknown[]) {
  const result = await db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${text}`, [...parameters]),
  );
  return result.rows.map((row) => row.detail).join("\n");
}

async function explainPostgres(
  db: Kysely<Database>,
  text: string,
  parameters: readonly unknown[],
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    for (const setting of ["enable_seqscan", "enable_bitmapscan"]) {
      await sql`set local ${sql.raw(setting)} = off`.execute(trx);
    }
    const result = await trx.executeQuery<{ "QUERY PLAN": string }>(
      CompiledQuery.raw(`explain ${text}`, [...parameters]),
    );
    return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
  });
}

/** Columns each of which (with the tenant's) names at most one row. */
const UNIQUE_KEYS: Record<string, string[]> = {
  clicks: ["id"],
  conversions: ["id", "external_transaction_id"],
  commissions: ["id", "conversion_id"],
  audit_log: ["id"],
};

/** The index condition is equality (or IN) on a unique key of the table. */
function byUniqueKey(table: string, condition: string): boolean {
  return (UNIQUE_KEYS[table] ?? []).some((column) =>
    new RegExp(`(^|[ (])${column} ?(=|= ANY)`).test(condition),
  );
}

/** A column that SQLite stores as an integer key (`partner_id` as `partner_key`). */
const keyed = (column: string) => column.replace(/_id$/, "_key");

/** What is wrong with a plan, or nothing. */
function planProblems(dialect: string, explained: Explained): string[] {
  const { sql: text, plan } = explained;
  const table = text.match(/from "(\w+)"/)?.[1] ?? "";
  const problems: string[] = [];
  const filters = equalities(text).filter(
    (column) => column !== "merchant_id" && column !== "mode",
  );
  const sqlite = dialect === "sqlite";
  // On SQLite `clicks` is a view (0016_storage_click_keys): its rows are read under the name
  // `clicks` by their merchant's, mode's and partner's integer keys, after a one-row look-up of each key
  // by its id; the plan line that counts is the one reading the table's own rows.
  const own = sqlite
    ? (plan.split("\n").find((line) => line.startsWith(`SEARCH ${table} `)) ?? plan)
    : plan;
  const condition = sqlite
    ? (own.match(/^SEARCH \w+ USING (?:COVERING )?INDEX \w+ \((.*)\)$/m)?.[1] ?? "")
    : (plan.match(/Index Cond: (.*)$/m)?.[1] ?? "");
  const index = sqlite
    ? own.match(/USING (?:COVERING )?INDEX (\w+)/)?.[1]
    : plan.match(/Index (?:Only )?Scan(?: Backward)? using (\w+)/)?.[1];
  const held = (column: string) =>
    sqlite
      ? condition.includes(`${column}=?`) || condition.includes(`${keyed(column)}=?`)
      : condition.includes(`${column} =`);
  if (sqlite ? /^SCAN /m.test(plan) : /Seq Scan|Bitmap/.test(plan)) problems.push("scans a table");
  if (!index) return [...problems, "uses no index"];
  if (byUniqueKey(table, condition)) return problems;
  if (sqlite ? /TEMP B-TREE/.test(plan) : /\bSort\b/.test(plan)) problems.push("sorts rows");
  const tenant = sqlite
    ? /merchant_(?:id|key)=\? AND mode(?:_key)?=\?/.test(condition)
    : condition.includes("merchant_id =") && condition.includes("mode =");
  if (!tenant) problems.push(`${index} does not start with the tenant`);
  if (filters.length > 0 && !filters.some(held))
    problems.push(`${index} holds none of ${filters.join(", ")}`);
  // One filter is in the index; a second one (audit ids given together) may be checked per row.
  if (!sqlite && /^\s*Filter:/m.test(plan) && filters.length <= 1)
    problems.push("filters rows the index could skip");
  if (text.includes('("created_at", "id") <')) {
    const range = sqlite
      ? condition.includes("(created_at,id)<")
      : /ROW\(created_at, id\) </.test(condition);
    if (!range) problems.push("the cursor is not a range of the index");
  }
  return problems;
}

describe.each(dialects)("list and audit query plans on $dialect", ({ dialect, available }) => {
  let h: Harness;
  const seen = new Map<string, readonly unknown[]>();
  const explained: Explained[] = [];

  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    const partner = await h.createPartner({ ref: "small" });
    await h.createPartner({ ref: "big" });
    const bigPartner = (await h.services.store.db
      .selectFrom("partners")
      .select("id")
      .where("ref", "=", "big")
      .executeTakeFirstOrThrow()) as { id: string };
    await seed(h, partner.id, bigPartner.id);
    const db = h.services.store.db;
    if (dialect === "sqlite") await refreshStatistics(db, true);
    else await sql`analyze clicks, conversions, commissions, audit_log`.execute(db);

    const someConversion = await db
      .selectFrom("conversions")
      .select(["id", "click_id"])
      .where("merchant_id", "=", h.merchant.merchant_id)
      .where("partner_id", "=", partner.id)
      .executeTakeFirstOrThrow();
    const store = h.services.store as { db: Store["db"]; reader: Store["reader"] };
    const reader = store.reader;
    store.db = db.withPlugin(recorder(db, seen));
    store.reader = reader.withPlugin(recorder(db, seen));
    for (const call of CALLS) {
      let path = call
        .replace("{partner}", partner.id)
        .replace("{click}", someConversion.click_id ?? "")
        .replace("{conversion}", someConversion.id);
      if (path.includes("{cursor}")) {
        const firstPath = path.replace(/starting_after=\{cursor\}&?/, "").replace(/[?&]$/, "");
        const first = await h.get(firstPath, { key: h.merchant.keys.sk_test });
        expect(first.status, firstPath).toBe(200);
        path = path.replace("{cursor}", first.body.data.at(-1).id);
      }
      const res = await h.get(path, { key: h.merchant.keys.sk_test });
      expect(res.status, `${path}: ${res.text}`).toBe(200);
    }
    store.db = db;
    store.reader = reader;
    for (const [text, parameters] of seen) {
      const plan =
        dialect === "sqlite"
          ? await explainSqlite(db, text, parameters)
          : await explainPostgres(db, text, parameters);
      explained.push({ sql: text, plan });
    }
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it.runIf(available)("saw every list's queries, with a cursor and commissions by ids", () => {
    const texts = explained.map((entry) => entry.sql);
    for (const table of LISTED_TABLES) {
      expect(texts.some((text) => text.includes(`from "${table}"`))).toBe(true);
    }
    expect(texts.some((text) => text.includes('("created_at", "id") <'))).toBe(true);
    // The commissions of a page of 20 conversions: one look-up by many ids.
    expect(texts.some((text) => /"conversion_id" in \((?:[^)]*,){3}/.test(text))).toBe(true);
  });

  it.runIf(available && dialect === "postgres")(
    "the click dedupe look-up uses the visitor index, not the merchant's list index",
    async () => {
      const db = h.services.store.db;
      const visitor = {
        merchant_id: h.merchant.merchant_id,
        mode: "test" as const,
        visitor_hash: "v42",
        ref: "big",
      };
      // The merchant's whole seeded history is inside the window: the ref's list index would
      // read every click of the partner, the visitor index one.
      const since = "2025-12-31T23:00:00.000Z";
      const one = recentClickQuery(db, visitor, since).compile();
      const plans = [await explainPostgres(db, one.sql, one.parameters)];
      for (const plan of plans) expect(plan).toMatch(/Index (Only )?Scan using clicks_by_visitor/);
    },
  );

  it.runIf(available)("every one is an index range scan within the tenant", () => {
    const wrong = explained
      .map((entry) => ({ ...entry, problems: planProblems(dialect, entry) }))
      .filter((entry) => entry.problems.length > 0);
    expect(wrong).toEqual([]);
  });
});

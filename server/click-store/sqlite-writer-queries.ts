// The statements the SQLite click writer (sqlite-writer.ts) prepares on its own better-sqlite3
// connection. They are built with Kysely like every other query and compiled once; each `?` is
// named by the value it binds, so the writer binds a click's fields by name, not by position.
import { type Compilable, type Kysely, sql } from "kysely";
import type { Database, NewClick } from "../store/schema";
import { countClicksQuery } from "./queries";

/** The values a writer statement binds, by name: a click's fields and a few of the writer's own. */
export type BoundName = keyof NewClick | "since" | "rowid" | "day" | "clicks";

/** A statement prepared once, with named values bound to its `?`s in order. */
export interface PositionalSql {
  sql: string;
  params: ReadonlyArray<BoundName>;
}

export interface ClickWriterQueries {
  /**
   * The visitor's click created after `since`, if any, read from the table by the visitor-prefix
   * index (0008_scale_visitor_prefix): what memory does not hold (past its budget, or while it
   * loads). Named with INDEXED BY: a planner without statistics would take the merchant's
   * (created_at) range instead, which is the whole last hour of the merchant's clicks.
   */
  findRecent: PositionalSql;
  insert: PositionalSql;
  /** One click by rowid: a candidate from memory, checked against the table. */
  clickByRowid: PositionalSql;
  /** Clicks written after `rowid` (by another process on the same file). */
  clicksAfter: PositionalSql;
  /** The newest rowid: where catching up starts. */
  lastRowid: PositionalSql;
  merchantIds: PositionalSql;
  /**
   * The next `limit` of a merchant's clicks in one mode after (`since`, `id`) in creation order,
   * written before `rowid`: memory loaded at start a chunk at a time, between clicks.
   */
  merchantClicksSince: PositionalSql;
  /** Adds a batch's clicks of one partner and day to the daily aggregates (stats/daily.ts). */
  countClicks: PositionalSql;
}

const CLICK_FIELDS = [
  "id",
  "merchant_id",
  "mode",
  "partner_id",
  "program_id",
  "ref",
  "visitor_hash",
  "url",
  "referrer",
  "created_at",
  "expires_at",
] as const satisfies ReadonlyArray<keyof NewClick>;

/**
 * A stand-in value that names its field, so a compiled query's parameters say what goes where.
 * Typed `never` (assignable to any column): it is never a value, only a name.
 */
const slot = (field: BoundName) => `\u0000${field}` as never;

function positional(query: Compilable): PositionalSql {
  const compiled = query.compile();
  return {
    sql: compiled.sql,
    params: compiled.parameters.map((value) => {
      if (typeof value !== "string" || !value.startsWith("\u0000")) {
        throw new Error(`click query has a parameter that is not a field: ${String(value)}`);
      }
      return value.slice(1) as BoundName;
    }),
  };
}

const rowid = sql<number>`rowid`;
/** What the writer remembers of a click: its rowid and the key it answers for. */
const VISITOR_COLUMNS = ["merchant_id", "mode", "visitor_hash", "ref", "created_at"] as const;

export function clickWriterQueries(db: Kysely<Database>): ClickWriterQueries {
  const row = Object.fromEntries(CLICK_FIELDS.map((field) => [field, slot(field)])) as NewClick;
  return {
    findRecent: {
      sql: 'select "id", "expires_at", "created_at", "merchant_id", "mode", "visitor_hash", "ref" from "clicks" indexed by "clicks_by_visitor_prefix" where substr("visitor_hash", 1, 8) = substr(?, 1, 8) and "visitor_hash" = ? and "merchant_id" = ? and "mode" = ? and "ref" = ? and "created_at" > ? order by "created_at" desc limit 1',
      params: ["visitor_hash", "visitor_hash", "merchant_id", "mode", "ref", "since"],
    },
    insert: positional(db.insertInto("clicks").values(row)),
    clickByRowid: positional(
      db
        .selectFrom("clicks")
        .select(["id", "expires_at", ...VISITOR_COLUMNS])
        .where(rowid, "=", slot("rowid")),
    ),
    clicksAfter: positional(
      db
        .selectFrom("clicks")
        .select([rowid.as("rowid"), ...VISITOR_COLUMNS])
        .where(rowid, ">", slot("rowid"))
        .orderBy(rowid),
    ),
    lastRowid: positional(
      db.selectFrom("clicks").select(sql<number | null>`max(rowid)`.as("rowid")),
    ),
    merchantIds: positional(db.selectFrom("merchants").select("id")),
    merchantClicksSince: positional(
      db
        .selectFrom("clicks")
        .select([rowid.as("rowid"), ...VISITOR_COLUMNS])
        .select("id")
        .where("merchant_id", "=", slot("merchant_id"))
        .where("mode", "=", slot("mode"))
        .where((eb) =>
          eb(eb.refTuple("created_at", "id"), ">", eb.tuple(slot("since"), slot("id"))),
        )
        .where(rowid, "<=", slot("rowid"))
        .orderBy("created_at")
        .orderBy("id")
        .limit(slot("clicks")),
    ),
    countClicks: positional(
      countClicksQuery(db, [
        {
          merchant_id: slot("merchant_id"),
          mode: slot("mode"),
          day: slot("day"),
          partner_id: slot("partner_id"),
          clicks: slot("clicks"),
        },
      ]),
    ),
  };
}

// The statements the SQLite click writer (sqlite-writer.ts) prepares on its own better-sqlite3
// connection; each `?` is named by the value it binds, so the writer binds a click's fields by
// name, not by position. The clicks themselves are read and written in `click_rows`, whose
// merchant, partner, program and mode are integer keys (0016_storage_click_keys): by hand, since the
// schema's types know only the `clicks` view every other query reads.
import type { Compilable, Kysely } from "kysely";
import type { Database, NewClick } from "../store/schema";
import { countClicksQuery } from "./queries";

/** The values a writer statement binds, by name: a click's fields and a few of the writer's own. */
export type BoundName =
  | keyof NewClick
  | "merchant_key"
  | "mode_key"
  | "partner_key"
  | "program_key"
  | "since"
  | "rowid"
  | "day"
  | "clicks";

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

/** A click's row with its merchant's id: what the writer remembers and checks of a click. */
const REMEMBERED = `from click_rows as clicks
  join click_keys as merchant on merchant.key = clicks.merchant_key
  join click_keys as mode on mode.key = clicks.mode_key`;
const VISITOR_COLUMNS =
  "merchant.id as merchant_id, mode.id as mode, clicks.visitor_hash, clicks.ref, clicks.created_at";

export function clickWriterQueries(db: Kysely<Database>): ClickWriterQueries {
  return {
    findRecent: {
      sql: 'select "id", "expires_at", "created_at" from "click_rows" as "clicks" indexed by "clicks_by_visitor_prefix" where substr("visitor_hash", 1, 8) = substr(?, 1, 8) and "visitor_hash" = ? and "merchant_key" = ? and "mode_key" = ? and "ref" = ? and "created_at" > ? order by "created_at" desc limit 1',
      params: ["visitor_hash", "visitor_hash", "merchant_key", "mode_key", "ref", "since"],
    },
    insert: {
      sql: 'insert into "click_rows" ("id", "merchant_key", "mode_key", "partner_key", "program_key", "ref", "visitor_hash", "url", "referrer", "created_at", "expires_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      params: [
        "id",
        "merchant_key",
        "mode_key",
        "partner_key",
        "program_key",
        "ref",
        "visitor_hash",
        "url",
        "referrer",
        "created_at",
        "expires_at",
      ],
    },
    clickByRowid: {
      sql: `select clicks.id, clicks.expires_at, ${VISITOR_COLUMNS} ${REMEMBERED} where clicks.rowid = ?`,
      params: ["rowid"],
    },
    clicksAfter: {
      sql: `select clicks.rowid as rowid, ${VISITOR_COLUMNS} ${REMEMBERED} where clicks.rowid > ? order by clicks.rowid`,
      params: ["rowid"],
    },
    lastRowid: { sql: "select max(rowid) as rowid from click_rows", params: [] },
    merchantIds: positional(db.selectFrom("merchants").select("id")),
    merchantClicksSince: {
      sql: `select clicks.rowid as rowid, ${VISITOR_COLUMNS}, clicks.id ${REMEMBERED} where merchant.id = ? and mode.id = ? and (clicks.created_at, clicks.id) > (?, ?) and clicks.rowid <= ? order by clicks.created_at, clicks.id limit ?`,
      params: ["merchant_id", "mode", "since", "id", "rowid", "clicks"],
    },
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

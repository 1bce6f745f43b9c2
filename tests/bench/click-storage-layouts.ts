// Compact layouts of the clicks table that SQLite could hold instead of today's, each one copied
// from a built bulk database and measured the same way (`npm run bench:storage`): what a step of
// docs/performance.md's "Storage per click" would save before anyone writes the code for it.
// Not the schema: the server reads and writes today's layout (store/migrations/).
import { rmSync } from "node:fs";
import SQLite from "better-sqlite3";

export interface Layout {
  name: string;
  /** Builds the layout's tables and indexes in `main` from the built database attached as `s`. */
  sql: string;
}

/** Merchants, partners and programs by integer key. */
const KEYS = `
  create table keys (k integer primary key, id text not null unique);
  insert into keys (id) select merchant_id from s.clicks union select partner_id from s.clicks
    union select program_id from s.clicks;`;
/** Urls and referrers once per distinct value. */
const URLS = `
  create table urls (k integer primary key, url text not null unique);
  insert or ignore into urls (url) select url from s.clicks where url is not null
    union select referrer from s.clicks where referrer is not null;`;

const key = (column: string) => `(select k from keys where id = c.${column})`;
const urlKey = (column: string) => `(select k from urls where url = c.${column})`;
const ms = (column: string) => `cast(unixepoch(c.${column}, 'subsec') * 1000 as integer)`;

/** What a layout changes from today's; each step keeps the ones before it. */
interface Steps {
  /** The id as 18 bytes (8 base62 characters of time as 6, 16 random ones as 12), times as ms. */
  binaryIdAndTimes?: boolean;
  /** The visitor hash as 16 bytes; its prefix index on the first 4 of them (the same 32 bits). */
  binaryVisitor?: boolean;
  urlsByKey?: boolean;
  /** No list index of its own for `ref`. */
  noRefIndex?: boolean;
}

function layout(name: string, steps: Steps): Layout {
  const binary = steps.binaryIdAndTimes;
  const time = binary ? "integer" : "text";
  const url = steps.urlsByKey ? "integer" : "text";
  return {
    name,
    sql: `${KEYS}${steps.urlsByKey ? URLS : ""}
      create table clicks (id ${binary ? "blob" : "text"} not null unique,
        merchant integer not null, mode integer not null, partner integer not null,
        program integer not null, ref text not null,
        visitor_hash ${steps.binaryVisitor ? "blob" : "text"} not null, url ${url},
        referrer ${url}, created_at ${time} not null, expires_at ${time} not null);
      create index clicks_list on clicks (merchant, mode, created_at, id);
      create index clicks_list_by_partner on clicks (merchant, mode, partner, created_at, id);
      ${steps.noRefIndex ? "" : "create index clicks_list_by_ref on clicks (merchant, mode, ref, created_at, id);"}
      create index clicks_by_visitor_prefix
        on clicks (substr(visitor_hash, 1, ${steps.binaryVisitor ? 4 : 8}));
      insert into clicks select ${binary ? "randomblob(18)" : "c.id"}, ${key("merchant_id")},
        c.mode = 'live', ${key("partner_id")}, ${key("program_id")}, c.ref,
        ${steps.binaryVisitor ? "randomblob(16)" : "c.visitor_hash"},
        ${steps.urlsByKey ? `${urlKey("url")}, ${urlKey("referrer")}` : "c.url, c.referrer"},
        ${binary ? `${ms("created_at")}, ${ms("expires_at")}` : "c.created_at, c.expires_at"}
        from s.clicks c;`,
  };
}

export const LAYOUTS: Layout[] = [
  layout("merchant, partner, program and mode as integers (0016)", {}),
  layout("+ the id as 18 bytes, times as integer ms", { binaryIdAndTimes: true }),
  layout("+ the visitor hash as 16 bytes", { binaryIdAndTimes: true, binaryVisitor: true }),
  layout("+ url and referrer by key", {
    binaryIdAndTimes: true,
    binaryVisitor: true,
    urlsByKey: true,
  }),
  layout("+ no index of its own for ref", {
    binaryIdAndTimes: true,
    binaryVisitor: true,
    urlsByKey: true,
    noRefIndex: true,
  }),
];

/** Bytes of every table and index of a layout, per click (the dictionaries included). */
export function measureLayout(
  builtPath: string,
  scratchPath: string,
  layout: Layout,
  clicks: number,
): Array<{ name: string; perClick: number }> {
  rmSync(scratchPath, { force: true });
  const db = new SQLite(scratchPath);
  try {
    db.prepare("attach ? as s").run(builtPath);
    db.exec(layout.sql);
    db.exec("detach s");
    const rows = db
      .prepare(
        "select name, sum(pgsize) as bytes from dbstat where name not like 'sqlite_schema%' and name <> 'sqlite_master' group by name order by name",
      )
      .all() as Array<{ name: string; bytes: number }>;
    return rows.map((row) => ({ name: row.name, perClick: row.bytes / clicks }));
  } finally {
    db.close();
    rmSync(scratchPath, { force: true });
  }
}

import { type Kysely, SqliteAdapter, sql } from "kysely";

// On embedded SQLite a click's merchant, partner, program and mode are stored as small integer
// keys (click_keys) instead of their ids and names: each list index repeated the merchant id and
// the mode, the partner index the partner id too, and the row all of them — 238 of a click's 719
// bytes (docs/performance.md, "Where a click's bytes go"). The rows live in `click_rows`; `clicks` is a
// view that gives them back with their ids, so every query reads clicks as before, and a list is
// still one range of its index in (created_at, id) order: the view finds the merchant's and the
// mode's keys first (one row each), then reads `click_rows` by (merchant_key, mode_key, …,
// created_at, id). A mode is keyed like an id ('live', 'test'): an expression decoding it
// would keep the indexes from being used.
// Rows inserted into the view are stored by a trigger; the click writer inserts into
// `click_rows` itself, with keys it remembers (click-store/sqlite-click-keys.ts).
// `clicks_of_visitor` is the same view read by the visitor-prefix index, for the queries that
// name it (store/sqlite-index-hint.ts): SQLite takes INDEXED BY on a table only.
// Each row keeps its rowid: the click writer follows the table by rowid. PostgreSQL keeps
// `clicks` as it is.

const ROW_COLUMNS = sql.raw(
  "id, merchant_key, mode_key, partner_key, program_key, ref, visitor_hash, url, referrer, created_at, expires_at",
);

/** The list indexes of 0008 and the visitor-prefix index of 0008, on the keyed rows. */
const INDEXES = [
  "create index clicks_list on click_rows (merchant_key, mode_key, created_at, id)",
  "create index clicks_list_by_partner on click_rows (merchant_key, mode_key, partner_key, created_at, id)",
  "create index clicks_list_by_ref on click_rows (merchant_key, mode_key, ref, created_at, id)",
  "create index clicks_by_visitor_prefix on click_rows (substr(visitor_hash, 1, 8))",
];

/** The view's select: `click_rows` under the name `clicks`, so plans and errors read as before. */
const viewOf = (indexedBy: string) =>
  sql.raw(`select clicks.id, merchant.id as merchant_id, mode.id as mode, partner.id as partner_id,
    program.id as program_id, clicks.ref, clicks.visitor_hash, clicks.url, clicks.referrer,
    clicks.created_at, clicks.expires_at
    from click_rows as clicks ${indexedBy}
    join click_keys as merchant on merchant.key = clicks.merchant_key
    join click_keys as mode on mode.key = clicks.mode_key
    join click_keys as partner on partner.key = clicks.partner_key
    join click_keys as program on program.key = clicks.program_key`);

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`create table click_keys (key integer primary key, id text not null unique)`.execute(db);
  await sql`insert or ignore into click_keys (id)
    select merchant_id from clicks union select mode from clicks
    union select partner_id from clicks union select program_id from clicks`.execute(db);
  await sql`create table click_rows (
    id text primary key,
    merchant_key integer not null,
    mode_key integer not null,
    partner_key integer not null,
    program_key integer not null,
    ref text not null,
    visitor_hash text not null,
    url text,
    referrer text,
    created_at text not null,
    expires_at text not null
  )`.execute(db);
  await sql`insert into click_rows (rowid, ${ROW_COLUMNS})
    select c.rowid, c.id, m.key, o.key, p.key, g.key, c.ref, c.visitor_hash, c.url, c.referrer,
      c.created_at, c.expires_at
    from clicks c
    join click_keys m on m.id = c.merchant_id
    join click_keys o on o.id = c.mode
    join click_keys p on p.id = c.partner_id
    join click_keys g on g.id = c.program_id
    order by c.rowid`.execute(db);
  // Dropping the table drops its indexes, whose names the new ones take.
  await sql`drop table clicks`.execute(db);
  for (const index of INDEXES) await sql.raw(index).execute(db);
  await sql`create view clicks as ${viewOf("")}`.execute(db);
  await sql`create view clicks_of_visitor as ${viewOf("indexed by clicks_by_visitor_prefix")}`.execute(
    db,
  );
  await sql`create trigger clicks_insert instead of insert on clicks begin
    insert or ignore into click_keys (id)
      values (new.merchant_id), (new.mode), (new.partner_id), (new.program_id);
    insert into click_rows (${ROW_COLUMNS}) values (
      new.id,
      (select key from click_keys where id = new.merchant_id),
      (select key from click_keys where id = new.mode),
      (select key from click_keys where id = new.partner_id),
      (select key from click_keys where id = new.program_id),
      new.ref, new.visitor_hash, new.url, new.referrer, new.created_at, new.expires_at);
  end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`create table clicks_unkeyed (
    id text primary key,
    merchant_id text not null,
    mode text not null,
    partner_id text not null,
    program_id text not null,
    ref text not null,
    visitor_hash text not null,
    url text,
    referrer text,
    created_at text not null,
    expires_at text not null
  )`.execute(db);
  await sql`insert into clicks_unkeyed (rowid, id, merchant_id, mode, partner_id, program_id, ref,
      visitor_hash, url, referrer, created_at, expires_at)
    select c.rowid, c.id, m.id, o.id, p.id, g.id, c.ref, c.visitor_hash, c.url, c.referrer,
      c.created_at, c.expires_at
    from click_rows c
    join click_keys m on m.key = c.merchant_key
    join click_keys o on o.key = c.mode_key
    join click_keys p on p.key = c.partner_key
    join click_keys g on g.key = c.program_key
    order by c.rowid`.execute(db);
  await sql`drop view clicks_of_visitor`.execute(db);
  await sql`drop view clicks`.execute(db);
  await sql`drop table click_rows`.execute(db);
  await sql`drop table click_keys`.execute(db);
  await sql`alter table clicks_unkeyed rename to clicks`.execute(db);
  for (const index of INDEXES) {
    await sql
      .raw(
        index
          .replace("on click_rows", "on clicks")
          .replaceAll("merchant_key", "merchant_id")
          .replaceAll("mode_key", "mode")
          .replaceAll("partner_key", "partner_id"),
      )
      .execute(db);
  }
}

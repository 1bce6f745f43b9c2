// Writing a batch of clicks to embedded SQLite on a connection of its own: the look-up for each
// visitor's recent click and the insert run in one IMMEDIATE transaction, so they are never
// separated by another writer's click, in this process or another (exact dedupe).
//
// The look-up mostly does not use an index of the table: the writer remembers the last hour's
// clicks by visitor (recent-visitors.ts), loaded from the table a chunk at a time after it
// opens (loadStep, between batches: a start does not wait for it), and at the start of every
// transaction it reads the clicks other processes wrote since its last one (by rowid, which
// only grows), so its memory is the table's. Whatever it finds is read back and checked. What
// memory does not cover — while it loads, or the oldest part of the hour once past its budget —
// is asked of the visitor-prefix index: a few rows per click, never the merchant's hour.
//
// A commit here does not wait for the disk (synchronous=NORMAL in WAL mode: SQLite only
// write()s the WAL); the store makes it durable with an fdatasync of the WAL
// (store/wal-sync.ts) before any click of it is answered, so one fsync covers a whole batch and
// runs off the event loop.
// Nor does the connection wait for the write lock (busy_timeout 0): the store retries a busy
// batch later instead of stopping the event loop. And it never checkpoints; the store has that
// done on a thread (sqlite-checkpointer.ts).
import SQLite from "better-sqlite3";
import { MODES } from "../contract/key-format";
import { clickDeltas } from "../stats/daily";
import { isConstraintViolation } from "../store/errors";
import type { NewClick } from "../store/schema";
import { applySqlitePragmas } from "../store/sqlite-pragmas";
import { immediateTransactions } from "../store/sqlite-transaction";
import { dedupeWindowStart, VISITOR_DEDUPE_MS } from "./dedupe-window";
import {
  RecentVisitors,
  sameVisitorKey,
  type VisitorKeyFields,
  visitorKey,
} from "./recent-visitors";
import { SqliteClickKeys } from "./sqlite-click-keys";
import type { BoundName, ClickWriterQueries, PositionalSql } from "./sqlite-writer-queries";

/**
 * What became of one click: `null` when it was stored as given, the visitor's earlier click
 * when that answers for it, or why it failed.
 */
export type ClickOutcome = null | { id: string; expires_at: string } | { error: Error };

export interface SqliteClickWriter {
  /**
   * Stores the batch in one transaction and says what became of each click. Throws only when
   * the transaction could not begin because another connection holds the write lock
   * (`isLockBusy`); nothing of the batch was written then.
   */
  write(batch: NewClick[]): ClickOutcome[];
  /**
   * Loads the next chunk of the stored clicks into memory; false once all are. Until then
   * look-ups go to the table's index, so answers are exact meanwhile.
   */
  loadStep(): boolean;
  /** Entries in memory and whether it covers the whole window (for tests and metrics). */
  memory(): { entries: number; loaded: boolean };
  /**
   * The WAL file to fdatasync before a commit counts as durable; undefined when the database is
   * not in WAL mode, in which case every commit syncs itself (synchronous=FULL).
   */
  readonly walPath: string | undefined;
  close(): void;
}

/** Another connection holds the write lock: the batch can be tried again. */
export function isLockBusy(error: unknown): boolean {
  const code =
    typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

interface RememberedClick extends VisitorKeyFields {
  rowid: number;
  created_at: string;
}

interface CheckedClick extends VisitorKeyFields {
  id: string;
  expires_at: string;
  created_at: string;
}

/** A click on its way in, with the start of the window in which an earlier click answers for it. */
interface Candidate {
  row: NewClick;
  since: string;
}

function asError(failure: unknown): Error {
  return failure instanceof Error ? failure : new Error(String(failure));
}

function openDatabase(path: string): { database: SQLite.Database; wal: boolean } {
  let database: SQLite.Database;
  try {
    database = new SQLite(path);
  } catch (error) {
    // better-sqlite3 reports some of these (a missing directory) without an SQLite code.
    const code = (error as { code?: unknown }).code;
    throw typeof code === "string"
      ? error
      : Object.assign(new Error(asError(error).message, { cause: error }), {
          code: "SQLITE_CANTOPEN",
        });
  }
  try {
    applySqlitePragmas(database);
    const wal = database.pragma("journal_mode", { simple: true }) === "wal";
    database.pragma("busy_timeout = 0");
    if (wal) {
      database.pragma("synchronous = NORMAL");
      database.pragma("wal_autocheckpoint = 0");
    }
    return { database, wal };
  } catch (error) {
    database.close();
    throw error;
  }
}

export interface ClickWriterOptions {
  /** Visitor entries memory holds at most (the memory budget); default DEFAULT_MAX_ENTRIES. */
  maxEntries?: number;
  /** Stored clicks loaded per loadStep(): bounds how long one step holds the event loop. */
  loadChunk?: number;
}

const DEFAULT_LOAD_CHUNK = 5000;

export function openSqliteClickWriter(
  path: string,
  queries: ClickWriterQueries,
  options: ClickWriterOptions = {},
): SqliteClickWriter {
  const { database, wal } = openDatabase(path);
  try {
    return clickWriter(database, queries, wal ? `${path}-wal` : undefined, options);
  } catch (error) {
    database.close();
    throw error;
  }
}

function clickWriter(
  database: SQLite.Database,
  queries: ClickWriterQueries,
  walPath: string | undefined,
  options: ClickWriterOptions,
): SqliteClickWriter {
  const prepare = (statement: PositionalSql) => {
    const prepared = database.prepare(statement.sql);
    const bind = (values: (name: BoundName) => unknown) => statement.params.map(values);
    return { prepared, bind };
  };
  const findRecent = prepare(queries.findRecent);
  const insert = prepare(queries.insert);
  const clickByRowid = prepare(queries.clickByRowid);
  const clicksAfter = prepare(queries.clicksAfter);
  const lastRowid = prepare(queries.lastRowid);
  const merchantIds = prepare(queries.merchantIds);
  const merchantClicksSince = prepare(queries.merchantClicksSince);
  const countClicks = prepare(queries.countClicks);
  const keys = new SqliteClickKeys(database);
  const valuesOf = (candidate: Candidate) => (name: BoundName) => {
    switch (name) {
      case "since":
        return candidate.since;
      case "merchant_key":
        return keys.keyOf(candidate.row.merchant_id);
      case "mode_key":
        return keys.keyOf(candidate.row.mode);
      case "partner_key":
        return keys.keyOf(candidate.row.partner_id);
      case "program_key":
        return keys.keyOf(candidate.row.program_id);
      case "rowid":
      case "day":
      case "clicks":
        return null;
      default:
        return candidate.row[name] ?? null;
    }
  };

  // Memory is loaded with the clicks that can still answer for a visitor, after the writer
  // opens; until then, and for a look-up reaching further back (a request clock behind this
  // one, or past the memory budget), the table's visitor index answers.
  const visitors = new RecentVisitors(Date.now(), {
    windowMs: VISITOR_DEDUPE_MS,
    loading: true,
    ...(options.maxEntries ? { maxEntries: options.maxEntries } : {}),
  });
  const remember = (click: RememberedClick, now: number) =>
    visitors.add(visitorKey(click), click.rowid, click.created_at, now);
  /** The newest rowid known: read from the table, or written here and committed. */
  let caughtUpTo = (lastRowid.prepared.get() as { rowid: number | null }).rowid ?? 0;
  /** The newest rowid of the transaction under way. */
  let writtenUpTo = 0;

  // What is left to load: clicks up to the rowid known at opening (later ones are remembered as
  // they are written or caught up with), per merchant and mode, in (created_at, id) order.
  const loadUpTo = caughtUpTo;
  const loadChunk = options.loadChunk ?? DEFAULT_LOAD_CHUNK;
  const toLoad = (merchantIds.prepared.all() as Array<{ id: string }>).flatMap(({ id }) =>
    MODES.map((mode) => ({ merchant_id: id, mode })),
  );
  let loadAfter = { since: visitors.loadFrom, id: "" };
  let loaded = false;
  const loadStep = (): boolean => {
    if (loaded) return false;
    const next = toLoad[0];
    if (!next) {
      loaded = true;
      visitors.loaded();
      return false;
    }
    const values: Partial<Record<BoundName, unknown>> = {
      ...next,
      since: loadAfter.since,
      id: loadAfter.id,
      rowid: loadUpTo,
      clicks: loadChunk,
    };
    const rows = merchantClicksSince.prepared.all(
      merchantClicksSince.bind((name) => values[name]),
    ) as Array<RememberedClick & { id: string }>;
    const now = Date.now();
    for (const click of rows) remember(click, now);
    const last = rows[rows.length - 1];
    if (rows.length < loadChunk || !last) {
      toLoad.shift();
      loadAfter = { since: visitors.loadFrom, id: "" };
    } else {
      loadAfter = { since: last.created_at, id: last.id };
    }
    return true;
  };

  /** The visitor's newest click created after `since`, from the table's visitor index. */
  const recentFromIndex = (candidate: Candidate) =>
    findRecent.prepared.get(findRecent.bind(valuesOf(candidate))) as
      | Pick<CheckedClick, "id" | "expires_at">
      | undefined;

  /** The newest click of this visitor created after `since`, from memory checked by the table. */
  const recentFromMemory = (candidate: Candidate, key: number): CheckedClick | undefined => {
    let newest: CheckedClick | undefined;
    for (const rowid of visitors.candidates(key)) {
      const click = clickByRowid.prepared.get(clickByRowid.bind(() => rowid)) as
        | CheckedClick
        | undefined;
      if (!click || click.created_at <= candidate.since || !sameVisitorKey(click, candidate.row)) {
        continue;
      }
      if (!newest || click.created_at > newest.created_at) newest = click;
    }
    return newest;
  };

  const store = (row: NewClick, now: number): ClickOutcome => {
    const candidate = { row, since: dedupeWindowStart(row.created_at) };
    const key = visitorKey(row);
    // Memory first: what it finds newer than all it let go is the newest. Otherwise, when memory
    // does not reach back to `since`, the index answers for the part it does not hold.
    const remembered = recentFromMemory(candidate, key);
    const recent =
      visitors.covers(candidate.since) ||
      (remembered && visitors.newerThanUncovered(remembered.created_at))
        ? remembered
        : recentFromIndex(candidate);
    if (recent) return { id: recent.id, expires_at: recent.expires_at };
    const rowid = Number(insert.prepared.run(insert.bind(valuesOf(candidate))).lastInsertRowid);
    // Remembered at once, for a duplicate later in this batch; if the transaction rolls back,
    // the rowid no longer holds this click and its check fails.
    visitors.add(key, rowid, row.created_at, now);
    if (rowid > writtenUpTo) writtenUpTo = rowid;
    return null;
  };

  const transaction = immediateTransactions(database);
  const storeAll = (batch: NewClick[]) => {
    const now = Date.now();
    visitors.expire(now);
    // Holding the write lock: nobody writes a click between this read and the inserts below.
    const others = clicksAfter.prepared.all(
      clicksAfter.bind(() => caughtUpTo),
    ) as RememberedClick[];
    for (const click of others) {
      remember(click, now);
      caughtUpTo = click.rowid;
    }
    writtenUpTo = caughtUpTo;
    const outcomes = batch.map((row) => store(row, now));
    // The daily aggregates count the stored clicks in the same transaction: one upsert per
    // partner and day of the batch.
    for (const delta of clickDeltas(batch.filter((_, i) => outcomes[i] === null))) {
      const values: Partial<Record<BoundName, unknown>> = delta;
      countClicks.prepared.run(countClicks.bind((name) => values[name]));
    }
    return outcomes;
  };
  const commit = (batch: NewClick[]) => {
    let outcomes: ClickOutcome[];
    try {
      outcomes = transaction(() => storeAll(batch));
    } catch (error) {
      keys.rolledBack();
      throw error;
    }
    keys.committed();
    // Only once committed: a rolled-back rowid may be written again by another process.
    caughtUpTo = writtenUpTo;
    return outcomes;
  };

  return {
    walPath,
    loadStep,
    memory: () => ({ entries: visitors.size, loaded }),
    /**
     * A constraint failure belongs to one click (a bad row, a trigger): the others of its batch
     * are then written one by one so they do not fail with it. Any other failure (disk full,
     * I/O) would fail them all again, so it fails the batch at once.
     */
    write(batch) {
      try {
        return commit(batch);
      } catch (error) {
        if (isLockBusy(error)) throw error;
        const failure = asError(error);
        if (batch.length === 1 || !isConstraintViolation(failure)) {
          return batch.map((): ClickOutcome => ({ error: failure }));
        }
        return batch.map((row): ClickOutcome => {
          try {
            return commit([row])[0] as ClickOutcome;
          } catch (single) {
            return { error: asError(single) };
          }
        });
      }
    },
    close() {
      database.close();
    },
  };
}

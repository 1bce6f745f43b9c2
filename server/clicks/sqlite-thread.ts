// The thread that writes clicks to embedded SQLite. better-sqlite3 is synchronous: on the event
// loop, each commit's fsync (synchronous=FULL) stopped every request for a millisecond or more.
// Here the look-up for the visitor's recent click and the insert run on their own connection,
// in one IMMEDIATE transaction per batch: whatever arrived while the previous batch was being
// committed is the next batch, so one fsync covers them all, and the look-up and the insert of
// a click are never separated by another writer's click (exact dedupe).
//
// The look-up does not use an index of the table: the thread remembers the last hour's clicks
// by visitor (recent-visitors.ts), rebuilt from the table when it starts, and at the start of
// every transaction it reads the clicks other processes wrote since its last one (by rowid,
// which only grows), so its memory is the table's. Whatever it finds is read back and checked.
import { type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import SQLite from "better-sqlite3";
import { MODES } from "../contract/key-format";
import { isConstraintViolation } from "../store/errors";
import type { NewClick } from "../store/schema";
import { applySqlitePragmas } from "../store/sqlite-pragmas";
import { dedupeWindowStart, VISITOR_DEDUPE_MS } from "./dedupe-window";
import {
  RecentVisitors,
  sameVisitorKey,
  type VisitorKeyFields,
  visitorKey,
} from "./recent-visitors";
import {
  type BoundName,
  type ClickBatch,
  type ClickOutcome,
  type PositionalSql,
  type ThreadError,
  type ThreadMessage,
  type ThreadSetup,
  unpackClicks,
} from "./sqlite-protocol";

const { setup, port } = workerData as { setup: ThreadSetup; port: MessagePort };

function send(message: ThreadMessage): void {
  port.postMessage(message);
}

function describe(error: unknown): ThreadError {
  const code =
    typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === "string" ? { code } : {}),
  };
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

function open() {
  const database = new SQLite(setup.path);
  applySqlitePragmas(database);
  const prepare = (statement: PositionalSql) => {
    const prepared = database.prepare(statement.sql);
    const bind = (values: (name: BoundName) => unknown) => statement.params.map(values);
    return { prepared, bind };
  };
  const findRecent = prepare(setup.findRecent);
  const insert = prepare(setup.insert);
  const clickByRowid = prepare(setup.clickByRowid);
  const clicksAfter = prepare(setup.clicksAfter);
  const lastRowid = prepare(setup.lastRowid);
  const merchantIds = prepare(setup.merchantIds);
  const merchantClicksSince = prepare(setup.merchantClicksSince);
  const valuesOf = (candidate: Candidate) => (name: BoundName) =>
    name === "since" ? candidate.since : name === "rowid" ? null : (candidate.row[name] ?? null);

  // Memory starts with the clicks that can still answer for a visitor; a look-up reaching
  // further back (a clock behind the thread's) is answered from the table.
  const visitors = new RecentVisitors(Date.now(), { windowMs: VISITOR_DEDUPE_MS });
  const remember = (click: RememberedClick, now: number) =>
    visitors.add(visitorKey(click), click.rowid, click.created_at, now);
  /** The newest rowid known: read from the table, or written by this thread and committed. */
  let caughtUpTo = 0;
  /** The newest rowid of the transaction under way. */
  let writtenUpTo = 0;
  database.transaction(() => {
    const now = Date.now();
    caughtUpTo = (lastRowid.prepared.get() as { rowid: number | null }).rowid ?? 0;
    for (const { id } of merchantIds.prepared.all() as Array<{ id: string }>) {
      for (const mode of MODES) {
        const values = { merchant_id: id, mode, since: visitors.coveredFrom } as Record<
          BoundName,
          unknown
        >;
        const rows = merchantClicksSince.prepared.iterate(
          merchantClicksSince.bind((name) => values[name]),
        ) as IterableIterator<RememberedClick>;
        for (const click of rows) remember(click, now);
      }
    }
  })();

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
    const recent = visitors.covers(candidate.since)
      ? recentFromMemory(candidate, key)
      : (findRecent.prepared.get(findRecent.bind(valuesOf(candidate))) as CheckedClick | undefined);
    if (recent) return { id: recent.id, expires_at: recent.expires_at };
    const rowid = Number(insert.prepared.run(insert.bind(valuesOf(candidate))).lastInsertRowid);
    // Remembered at once, for a duplicate later in this batch; if the transaction rolls back,
    // the rowid no longer holds this click and its check fails.
    visitors.add(key, rowid, row.created_at, now);
    if (rowid > writtenUpTo) writtenUpTo = rowid;
    return null;
  };

  const storeAll = database.transaction((batch: NewClick[]) => {
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
    return batch.map((row) => store(row, now));
  });
  return (batch: NewClick[]) => {
    const outcomes = storeAll.immediate(batch);
    // Only once committed: a rolled-back rowid may be written again by another process.
    caughtUpTo = writtenUpTo;
    return outcomes;
  };
}

/**
 * A constraint failure belongs to one click (a bad row, a trigger): the others of its batch are
 * then written one by one so they do not fail with it. Any other failure (disk full, I/O,
 * lock timeout) would fail them all again, so it fails the batch at once.
 */
function write(storeBatch: (batch: NewClick[]) => ClickOutcome[], batch: NewClick[]) {
  try {
    return storeBatch(batch);
  } catch (error) {
    const failure = describe(error);
    if (batch.length === 1 || !isConstraintViolation(failure)) {
      return batch.map((): ClickOutcome => ({ error: failure }));
    }
    return batch.map((row): ClickOutcome => {
      try {
        return storeBatch([row])[0] as ClickOutcome;
      } catch (single) {
        return { error: describe(single) };
      }
    });
  }
}

/** Bounds one transaction, and so the wait of the first click in it. */
const MAX_BATCH = 2000;

let storeBatch: (batch: NewClick[]) => ClickOutcome[];
try {
  storeBatch = open();
  send({ type: "ready" });
} catch (error) {
  // better-sqlite3 reports some of these (a missing directory) without an SQLite code.
  send({ type: "failed", error: { code: "SQLITE_CANTOPEN", ...describe(error) } });
  process.exit(1);
}

port.on("message", (first: ClickBatch) => {
  const messages = [unpackClicks(first)];
  let size = messages[0]!.length;
  // Batches that queued while the last commit was on its way to disk join this one.
  while (size < MAX_BATCH) {
    const next = receiveMessageOnPort(port);
    if (!next) break;
    const rows = unpackClicks(next.message as ClickBatch);
    messages.push(rows);
    size += rows.length;
  }
  const outcomes = write(storeBatch, messages.length === 1 ? messages[0]! : messages.flat());
  const batches: ClickOutcome[][] = [];
  for (let at = 0, i = 0; i < messages.length; at += messages[i]!.length, i++) {
    batches.push(outcomes.slice(at, at + messages[i]!.length));
  }
  send({ type: "outcomes", batches });
});

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
import { isConstraintViolation } from "../store/errors";
import { applySqlitePragmas } from "../store/sqlite-pragmas";
import {
  RecentVisitors,
  sameVisitorKey,
  type VisitorKeyFields,
  visitorKey,
} from "./recent-visitors";
import type {
  BoundName,
  ClickCandidate,
  ClickOutcome,
  PositionalSql,
  ThreadError,
  ThreadMessage,
  ThreadSetup,
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

const MODES = ["test", "live"] as const;

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
  const valuesOf = (candidate: ClickCandidate) => (name: BoundName) =>
    name === "since" ? candidate.since : name === "rowid" ? null : (candidate.row[name] ?? null);

  // Memory starts with the clicks that can still answer for a visitor; a look-up reaching
  // further back (a clock behind the thread's) is answered from the table.
  const visitors = new RecentVisitors(Date.now(), { windowMs: setup.dedupeWindowMs });
  const remember = (click: RememberedClick, now: number) =>
    visitors.add(visitorKey(click), click.rowid, click.created_at, now);
  let caughtUpTo = 0;
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
  const recentFromMemory = (candidate: ClickCandidate, key: number): CheckedClick | undefined => {
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

  const store = (candidate: ClickCandidate, now: number): ClickOutcome => {
    const key = visitorKey(candidate.row);
    const recent = visitors.covers(candidate.since)
      ? recentFromMemory(candidate, key)
      : (findRecent.prepared.get(findRecent.bind(valuesOf(candidate))) as CheckedClick | undefined);
    if (recent) {
      return { seq: candidate.seq, id: recent.id, expires_at: recent.expires_at, created: false };
    }
    const inserted = insert.prepared.run(insert.bind(valuesOf(candidate)));
    // Remembered at once, for a duplicate later in this batch; if the transaction rolls back,
    // the rowid no longer holds this click and its check fails.
    visitors.add(key, Number(inserted.lastInsertRowid), candidate.row.created_at, now);
    const { id, expires_at } = candidate.row;
    return { seq: candidate.seq, id, expires_at, created: true };
  };

  const storeAll = database.transaction((batch: ClickCandidate[]) => {
    const now = Date.now();
    visitors.expire(now);
    // Holding the write lock: nobody writes a click between this read and the inserts below.
    const others = clicksAfter.prepared.iterate(
      clicksAfter.bind(() => caughtUpTo),
    ) as IterableIterator<RememberedClick>;
    for (const click of others) {
      remember(click, now);
      caughtUpTo = click.rowid;
    }
    const outcomes = batch.map((candidate) => store(candidate, now));
    return { outcomes, lastRowid: (lastRowid.prepared.get() as { rowid: number | null }).rowid };
  });
  return (batch: ClickCandidate[]) => {
    const done = storeAll.immediate(batch);
    // Only once committed: a rolled-back rowid may be written again by another process.
    caughtUpTo = done.lastRowid ?? caughtUpTo;
    return done.outcomes;
  };
}

/**
 * A constraint failure belongs to one click (a bad row, a trigger): the others of its batch are
 * then written one by one so they do not fail with it. Any other failure (disk full, I/O,
 * lock timeout) would fail them all again, so it fails the batch at once.
 */
function write(storeBatch: (batch: ClickCandidate[]) => ClickOutcome[], batch: ClickCandidate[]) {
  try {
    return storeBatch(batch);
  } catch (error) {
    const failure = describe(error);
    if (batch.length === 1 || !isConstraintViolation(failure)) {
      return batch.map((candidate): ClickOutcome => ({ seq: candidate.seq, error: failure }));
    }
    return batch.map((candidate): ClickOutcome => {
      try {
        return storeBatch([candidate])[0] as ClickOutcome;
      } catch (single) {
        return { seq: candidate.seq, error: describe(single) };
      }
    });
  }
}

/** Bounds one transaction, and so the wait of the first click in it. */
const MAX_BATCH = 2000;

let storeBatch: (batch: ClickCandidate[]) => ClickOutcome[];
try {
  storeBatch = open();
  send({ type: "ready" });
} catch (error) {
  // better-sqlite3 reports some of these (a missing directory) without an SQLite code.
  send({ type: "failed", error: { code: "SQLITE_CANTOPEN", ...describe(error) } });
  process.exit(1);
}

port.on("message", (first: ClickCandidate[]) => {
  let batch = first;
  // Batches that queued while the last commit was on its way to disk join this one.
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
    batch = batch.concat(next.message as ClickCandidate[]);
    if (batch.length >= MAX_BATCH) break;
  }
  send({ type: "outcomes", outcomes: write(storeBatch, batch) });
});

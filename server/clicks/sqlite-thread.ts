// The thread that writes clicks to embedded SQLite. better-sqlite3 is synchronous: on the event
// loop, each commit's fsync (synchronous=FULL) stopped every request for a millisecond or more.
// Here the look-up for the visitor's recent click and the insert run on their own connection,
// in one IMMEDIATE transaction per batch: whatever arrived while the previous batch was being
// committed is the next batch, so one fsync covers them all, and the look-up and the insert of
// a click are never separated by another writer's click (exact dedupe, nothing kept in memory).
import { type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import SQLite from "better-sqlite3";
import { isConstraintViolation } from "../store/errors";
import { applySqlitePragmas } from "../store/sqlite-pragmas";
import type {
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

function open() {
  const database = new SQLite(setup.path);
  applySqlitePragmas(database);
  const findRecent = database.prepare(setup.findRecent.sql);
  const insert = database.prepare(setup.insert.sql);
  const bind = (statement: PositionalSql, candidate: ClickCandidate) =>
    statement.params.map((name) =>
      name === "since" ? candidate.since : (candidate.row[name] ?? null),
    );

  const store = (candidate: ClickCandidate): ClickOutcome => {
    const recent = findRecent.get(bind(setup.findRecent, candidate)) as
      | { id: string; expires_at: string }
      | undefined;
    if (recent) {
      return { seq: candidate.seq, id: recent.id, expires_at: recent.expires_at, created: false };
    }
    insert.run(bind(setup.insert, candidate));
    const { id, expires_at } = candidate.row;
    return { seq: candidate.seq, id, expires_at, created: true };
  };
  const storeAll = database.transaction((batch: ClickCandidate[]) => batch.map(store));
  return (batch: ClickCandidate[]) => storeAll.immediate(batch);
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

// Clicks on embedded SQLite, written on the event loop and answered once durable. The work of a
// click in SQLite is small (a look-up in memory, one insert); what costs is waiting for the
// disk, and that happens off the event loop:
//   - clicks taken while the last commit was being synced are the next batch: one IMMEDIATE
//     transaction (sqlite-writer.ts), which only write()s the WAL, then one fdatasync of the
//     WAL on libuv's pool (store/wal-sync.ts); the batch's clicks are answered when it returns;
//   - the write lock, when another process holds it, is waited for between turns of the loop
//     (retries with backoff, for as long as the server's other connection would wait);
//   - checkpoints run on a thread (sqlite-checkpointer.ts), about once a second while clicks
//     are being written, with commits held meanwhile so that the WAL can start over after it;
//     and, once the store has started (or seen a write), every second when no click brought
//     one: the server's other writes (conversions, settings) go to the same WAL, and would
//     otherwise wait for SQLite's own checkpoint at 10,000 pages.
//   - when the storage fails (a full disk: SQLITE_FULL, SQLITE_IOERR, whichever connection saw
//     it), those checkpoints are how it is tried again until one succeeds, and each batch after
//     a failed one waits for a checkpoint first. Until the WAL starts over, every commit needs new
//     room on the disk; once room is freed, a checkpoint must take it before commits fill it
//     again, or the server would stay full when it need not. So while checkpoints fail for lack
//     of room, batches are refused (503) without being written.
// Before, a thread of its own did the look-ups and inserts; handing every click to it and
// back cost more CPU than the inserts themselves (README, benchmark).
import type { Logger } from "pino";
import type { Store } from "../store/connect";
import type { StorageHealth } from "../store/health";
import type { NewClick } from "../store/schema";
import { type Fdatasync, WalSync } from "../store/wal-sync";
import type { WriteGate } from "../store/write-gate";
import type { ClickStore, StoredClick } from "./click-store";
import { SqliteCheckpointer } from "./sqlite-checkpointer";
import {
  type ClickOutcome,
  type ClickWriterOptions,
  isLockBusy,
  openSqliteClickWriter,
  type SqliteClickWriter,
} from "./sqlite-writer";
import { type ClickWriterQueries, clickWriterQueries } from "./sqlite-writer-queries";

/** Bounds one transaction, and so how long it holds the event loop. */
const MAX_BATCH = 2000;
/** As long as the server's other connection waits for the lock (busy_timeout). */
const LOCK_WAIT_MS = 5000;
const FIRST_RETRY_MS = 1;
const LONGEST_RETRY_MS = 50;
/** A database that could not be opened is tried again after this long; until then clicks fail fast. */
const REOPEN_AFTER_MS = 1000;
const CHECKPOINT_EVERY_MS = 1000;
/** How often the WAL is checkpointed when no click brings a checkpoint. */
const IDLE_CHECKPOINT_EVERY_MS = 1000;
/**
 * Commits wait for a checkpoint at most this long. Committing while one runs is safe (it only
 * keeps that checkpoint from letting the WAL start over); a checkpoint stuck on a slow disk
 * must not stop clicks.
 */
const CHECKPOINT_HOLD_MS = 2000;

/** What the store asks of its checkpointer (sqlite-checkpointer.ts). */
export interface Checkpointer {
  start(): void;
  /** Resolves when done: with why it failed, or with nothing when it did not. */
  run(): Promise<unknown>;
  close(): Promise<void>;
}

export interface SqliteClickStoreOptions {
  /** How long a batch waits for another connection's write lock before its clicks fail. */
  lockWaitMs?: number;
  checkpointEveryMs?: number;
  checkpointHoldMs?: number;
  checkpointer?: Checkpointer;
  /** The system call that makes the WAL durable; tests put it under their control. */
  fdatasync?: Fdatasync;
  /** Visitor entries the dedupe memory holds at most (CLICK_DEDUPE_MEMORY_MB, recent-visitors.ts). */
  memoryEntries?: number;
  /** Stored clicks loaded into that memory per turn of the event loop after opening. */
  loadChunk?: number;
}

interface Waiter {
  row: NewClick;
  resolve: (click: StoredClick) => void;
  reject: (error: Error) => void;
  /** performance.now() when the click was taken. */
  taken: number;
}

interface Writer {
  sql: SqliteClickWriter;
  /** Undefined when the database is not in WAL mode and commits sync themselves. */
  wal: WalSync | undefined;
}

/** A checkpoint failed because the disk has no room left. */
function isNoRoom(failure: unknown): boolean {
  const code = (failure as { code?: unknown } | undefined)?.code;
  return code === "SQLITE_FULL" || code === "ENOSPC";
}

/** The thread's failure (an Error's fields) as an error to answer clicks with. */
function asError(failure: unknown): Error {
  const { message, code } = failure as { message: string; code?: string };
  return Object.assign(new Error(message), code ? { code } : {});
}

function settle(waiter: Waiter, outcome: ClickOutcome | undefined): void {
  if (outcome === null) {
    waiter.resolve({ id: waiter.row.id, expires_at: waiter.row.expires_at, created: true });
  } else if (outcome === undefined) {
    waiter.reject(new Error("the click writer gave no answer for a click"));
  } else if ("error" in outcome) {
    waiter.reject(outcome.error);
  } else {
    waiter.resolve({ id: outcome.id, expires_at: outcome.expires_at, created: false });
  }
}

export class SqliteClickStore implements ClickStore {
  readonly #path: string;
  readonly #queries: ClickWriterQueries;
  readonly #logger: Logger;
  readonly #lockWaitMs: number;
  readonly #checkpointEveryMs: number;
  readonly #checkpointHoldMs: number;
  readonly #fdatasync: Fdatasync | undefined;
  readonly #writerOptions: ClickWriterOptions;
  /** The next step of loading the dedupe memory, between batches. */
  #loading: NodeJS.Immediate | undefined;
  readonly #checkpointer: Checkpointer;
  #writer: Writer | undefined;
  /** Why the writer could not be opened, and when. */
  #lastLoss: { error: Error; at: number } | undefined;
  /** Clicks taken and not yet committed, oldest first. */
  #queue: Waiter[] = [];
  #commitScheduled = false;
  #retry: NodeJS.Timeout | undefined;
  #retryDelay = FIRST_RETRY_MS;
  #checkpointing: Promise<void> | undefined;
  #lastCheckpoint = performance.now();
  /** The WAL may hold frames the database file does not: clicks committed, or a write failed. */
  #walAhead = false;
  /** A write failed for the storage's own reasons: the next batch waits for a checkpoint. */
  #checkpointFirst = false;
  /** The last checkpoint found no room on the disk: commits would take what room it needs. */
  #noRoom: Error | undefined;
  /** Checkpoints when no commit brings one: when idle, and to try again after a failure. */
  #idleCheckpoints: NodeJS.Timeout | undefined;
  readonly #health: StorageHealth;
  readonly #stopWatchingHealth: () => void;
  readonly #writeGate: WriteGate | undefined;
  /** Clicks taken and not yet answered. */
  #pending = 0;
  #idle: (() => void) | undefined;
  #closed = false;

  constructor(store: Store, logger: Logger, options: SqliteClickStoreOptions = {}) {
    if (!store.path) throw new Error("the SQLite click store needs the database's file path");
    this.#path = store.path;
    this.#queries = clickWriterQueries(store.db);
    this.#logger = logger;
    this.#lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS;
    this.#checkpointEveryMs = options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS;
    this.#checkpointHoldMs = options.checkpointHoldMs ?? CHECKPOINT_HOLD_MS;
    this.#fdatasync = options.fdatasync;
    this.#writerOptions = {
      ...(options.memoryEntries ? { maxEntries: options.memoryEntries } : {}),
      ...(options.loadChunk ? { loadChunk: options.loadChunk } : {}),
    };
    this.#checkpointer = options.checkpointer ?? new SqliteCheckpointer(store.path, logger);
    this.#health = store.health;
    this.#writeGate = store.writeGate;
    this.#writeGate?.checkpointWith(() => this.#checkpointNow());
    // A failure seen by the server's other connection (a conversion on a full disk) counts too.
    this.#stopWatchingHealth = this.#health.onFailure(() => this.#storageFailed());
  }

  async start(): Promise<void> {
    if (this.#open().wal) {
      this.#checkpointer.start();
      this.#checkpointWhenIdle();
    }
  }

  record(row: NewClick): Promise<StoredClick> {
    return new Promise((resolve, reject) => {
      this.#pending++;
      this.#queue.push({ row, resolve, reject, taken: performance.now() });
      this.#schedule();
    });
  }

  async close(): Promise<void> {
    if (this.#pending > 0) {
      await new Promise<void>((done) => {
        this.#idle = done;
      });
    }
    this.#closed = true;
    clearImmediate(this.#loading);
    this.#stopWatchingHealth();
    this.#writeGate?.checkpointWith(undefined);
    clearInterval(this.#idleCheckpoints);
    this.#idleCheckpoints = undefined;
    await this.#checkpointing;
    await this.#checkpointer.close();
    const writer = this.#writer;
    this.#writer = undefined;
    if (writer) {
      writer.wal?.close();
      writer.sql.close();
    }
  }

  /** Commits the queue after this turn of the loop, unless a commit is already coming. */
  #schedule(): void {
    if (this.#commitScheduled || this.#retry || this.#checkpointing) return;
    // One commit per sync: what arrives while the WAL is being synced waits to be the next batch.
    if (this.#writer?.wal?.busy) return;
    this.#commitScheduled = true;
    // Every click read from the sockets in this turn joins the batch.
    setImmediate(this.#commit);
  }

  #open(): Writer {
    if (this.#writer) return this.#writer;
    const loss = this.#lastLoss;
    if (loss && performance.now() - loss.at < REOPEN_AFTER_MS) throw loss.error;
    try {
      const sql = openSqliteClickWriter(this.#path, this.#queries, this.#writerOptions);
      const wal = sql.walPath
        ? new WalSync(sql.walPath, this.#fdatasync ? { fdatasync: this.#fdatasync } : {})
        : undefined;
      const writer: Writer = { sql, wal };
      this.#writer = writer;
      this.#lastLoss = undefined;
      this.#load(writer);
      return writer;
    } catch (error) {
      this.#lastLoss = { error: error as Error, at: performance.now() };
      this.#logger.error({ err: error }, "cannot open the database for clicks");
      throw error;
    }
  }

  /** The dedupe memory: its entries, and whether it covers the whole window yet. */
  dedupeMemory(): { entries: number; loaded: boolean } | undefined {
    return this.#writer?.sql.memory();
  }

  /** Loads the writer's memory a chunk per turn of the loop; clicks are written in between. */
  #load(writer: Writer): void {
    const step = () => {
      this.#loading = undefined;
      if (this.#closed || this.#writer !== writer) return;
      let more: boolean;
      try {
        more = writer.sql.loadStep();
      } catch (error) {
        // Memory stays partial; the index keeps answering what it does not cover.
        this.#logger.warn({ err: error }, "loading the click dedupe memory failed");
        return;
      }
      if (more) this.#loading = setImmediate(step);
    };
    this.#loading = setImmediate(step);
  }

  readonly #commit = (): void => {
    this.#commitScheduled = false;
    if (this.#queue.length === 0) return;
    let writer: Writer;
    try {
      writer = this.#open();
    } catch (error) {
      this.#answer(this.#queue.splice(0), () => ({ error: error as Error }));
      return;
    }
    if (this.#checkpointFirst && writer.wal) {
      this.#checkpointFirst = false;
      this.#checkpoint();
      return;
    }
    const noRoom = this.#noRoom;
    if (noRoom) {
      this.#checkpointFirst = true;
      this.#answer(this.#queue.splice(0, MAX_BATCH), () => ({ error: noRoom }));
      this.#schedule();
      return;
    }
    const batch = this.#queue.slice(0, MAX_BATCH);
    let outcomes: ClickOutcome[];
    try {
      outcomes = writer.sql.write(batch.map((waiter) => waiter.row));
    } catch (error) {
      if (isLockBusy(error)) {
        this.#waitForLock(error as Error);
      } else {
        this.#answer(this.#queue.splice(0, batch.length), () => ({ error: error as Error }));
        this.#schedule();
      }
      return;
    }
    this.#queue.splice(0, batch.length);
    this.#retryDelay = FIRST_RETRY_MS;
    if (!writer.wal) {
      // Not in WAL mode: the commit synced itself, and there is no WAL to checkpoint.
      this.#answer(batch, (i) => outcomes[i]);
      this.#schedule();
      return;
    }
    this.#walAhead = true;
    writer.wal.after((error) => {
      this.#answer(batch, error ? () => ({ error }) : (i) => outcomes[i]);
      this.#afterCommit();
    });
  };

  /** Another connection holds the write lock: try again shortly, or give up on the oldest clicks. */
  #waitForLock(error: Error): void {
    const now = performance.now();
    const expired = this.#queue.findIndex((waiter) => now - waiter.taken < this.#lockWaitMs);
    const givenUp = this.#queue.splice(0, expired === -1 ? this.#queue.length : expired);
    if (givenUp.length > 0) this.#answer(givenUp, () => ({ error }));
    if (this.#queue.length === 0) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#schedule();
    }, this.#retryDelay);
    this.#retryDelay = Math.min(this.#retryDelay * 2, LONGEST_RETRY_MS);
  }

  #afterCommit(): void {
    const due = performance.now() - this.#lastCheckpoint >= this.#checkpointEveryMs;
    if (due && this.#walAhead) {
      this.#checkpoint();
      return;
    }
    this.#checkpointWhenIdle();
    this.#schedule();
  }

  /** A write failed for the storage's own reasons (noted through the store's health). */
  #storageFailed(): void {
    this.#walAhead = true;
    this.#checkpointFirst = true;
    this.#checkpointWhenIdle();
  }

  /** From now on, a checkpoint every second in which no click brought one. */
  #checkpointWhenIdle(): void {
    // Not in WAL mode, there is nothing to checkpoint.
    if (this.#idleCheckpoints || this.#closed || (this.#writer && !this.#writer.wal)) return;
    const every = Math.max(this.#checkpointEveryMs, IDLE_CHECKPOINT_EVERY_MS);
    this.#idleCheckpoints = setInterval(() => {
      if (!this.#checkpointing && performance.now() - this.#lastCheckpoint >= every) {
        this.#checkpoint();
      }
    }, every / 4);
    // The process does not stay up for it.
    this.#idleCheckpoints.unref();
  }

  /**
   * A checkpoint now, or the one under way (for the write gate); resolves when it is done, or
   * when commits stop waiting for it.
   */
  #checkpointNow(): Promise<void> {
    this.#checkpoint();
    return this.#checkpointing ?? Promise.resolve();
  }

  /** Checkpoints with commits held, at most checkpointHoldMs; the WAL can start over after it. */
  #checkpoint(): void {
    // The one under way answers for this one; its end schedules what waits.
    if (this.#checkpointing) return;
    this.#walAhead = false;
    let stopHolding: NodeJS.Timeout | undefined;
    const held = new Promise<void>((resolve) => {
      stopHolding = setTimeout(resolve, this.#checkpointHoldMs);
    });
    const run = this.#checkpointer.run().then((failure) => {
      // A checkpoint cut short by close() says nothing about the storage.
      if (this.#closed) return;
      this.#health.noteCheckpoint(failure);
      this.#noRoom = isNoRoom(failure) ? asError(failure) : undefined;
      this.#writeGate?.noteRoom(this.#noRoom);
      if (failure !== undefined) this.#walAhead = true;
    });
    const done = Promise.race([run, held]);
    // The server's other writes wait too, so that every frame is copied (store/write-gate.ts).
    this.#writeGate?.closeUntil(done);
    this.#checkpointing = done.then(() => {
      clearTimeout(stopHolding);
      this.#checkpointing = undefined;
      this.#lastCheckpoint = performance.now();
      this.#schedule();
    });
  }

  /** Settles each waiter with its outcome, then notes whether anything is left to answer. */
  #answer(waiters: Waiter[], outcomeOf: (index: number) => ClickOutcome | undefined): void {
    for (let i = 0; i < waiters.length; i++) {
      const outcome = outcomeOf(i);
      if (outcome && "error" in outcome) this.#health.noteFailure(outcome.error);
      settle(waiters[i] as Waiter, outcome);
    }
    this.#pending -= waiters.length;
    if (this.#pending === 0 && this.#idle) {
      this.#idle();
      this.#idle = undefined;
    }
  }
}

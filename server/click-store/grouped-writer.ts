// Group commit for clicks written through Kysely (PostgreSQL, in-memory SQLite; clicks on an
// SQLite file have a writer of their own, sqlite-store.ts). Each click must be durable before its
// 201, and one commit per click would cap throughput at the disk's flush rate; so clicks
// arriving together are inserted in one statement, and every caller is answered after it.
//
// When other processes write to the same database (PostgreSQL behind a load balancer), a look-up
// before the write cannot see a click another process is writing at the same moment. So there
// each batch is one transaction that first locks its visitors (advisory locks, released at
// commit), then looks again: a click committed by another process answers instead of a new one.
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import { clickDeltas } from "../stats/daily";
import { isConstraintViolation } from "../store/errors";
import type { Database, NewClick } from "../store/schema";
import type { StoredClick } from "./click-store";
import { dedupeWindowStart } from "./dedupe-window";
import { countClicksQuery, lockVisitorKeys, recentClicksOfVisitors } from "./queries";
import { sameVisitorKey } from "./recent-visitors";

interface PendingClick {
  row: NewClick;
  dedupeKey: string;
  resolve: (click: StoredClick) => void;
  reject: (error: unknown) => void;
}

export interface RecentClick {
  row: NewClick;
  /** The click that answers for `row` once durable: `row` itself, or one another process wrote. */
  written: Promise<StoredClick>;
}

export interface ClickWriterOptions {
  /** Other processes write clicks to this database too: lock and look again in each batch. */
  shared?: boolean;
  /**
   * Batches written at once, each in a transaction of its own on a connection of the pool
   * (PostgreSQL). One at a time, a batch's six round trips and its commit's flush left the
   * server idle half the time while 50 clicks waited; with a few under way the next batch is
   * inserted while the last one's commit is flushed, and PostgreSQL flushes their commits
   * together. Batches sharing a visitor wait for each other's advisory locks; their daily
   * aggregate rows are upserted in one (sorted) order, so they cannot deadlock.
   */
  concurrentBatches?: number;
}

/** A 64-bit advisory lock id for a visitor key; a collision only makes two visitors wait in turn. */
export function visitorLockId(dedupeKey: string): bigint {
  return createHash("sha256").update(dedupeKey).digest().readBigInt64BE(0);
}

/** SQLite allows 32,766 bound values per statement; 11 columns × 500 rows stays well below. */
const MAX_BATCH = 500;

/**
 * How long the first click of a batch waits for others (like PostgreSQL's commit_delay).
 * Requests of one burst reach the writer over a few event-loop turns, not one; a short wait
 * turns many small fsyncs into one.
 */
const COMMIT_DELAY_MS = 2;

/** How long a written click stays findable here, beyond any look-up still in flight. */
const RECENT_MS = 10_000;

export class ClickWriter {
  readonly #db: Kysely<Database>;
  readonly #logger: Logger;
  readonly #shared: boolean;
  #queue: PendingClick[] = [];
  /**
   * Clicks being written, and for a few seconds after their commit, with the promise of their
   * write: a racing duplicate answers with the same click only once that very write has
   * succeeded, and fails with it. Kept past the commit because a duplicate may have started its
   * database look-up before the commit and resume after it, seeing neither.
   */
  readonly #recent = new LRUCache<string, RecentClick>({ max: 100_000, ttl: RECENT_MS });
  readonly #concurrentBatches: number;
  /** Batches being written. */
  readonly #flushing = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Kysely<Database>, logger: Logger, options: ClickWriterOptions = {}) {
    this.#db = db;
    this.#logger = logger;
    this.#shared = options.shared ?? false;
    this.#concurrentBatches = Math.max(1, options.concurrentBatches ?? 1);
  }

  /** The click of the same visitor, key and ref being written or just written, if any. */
  recentWrite(dedupeKey: string): RecentClick | undefined {
    return this.#recent.get(dedupeKey);
  }

  /**
   * Resolves once the click answering for `row` is durably stored: `row` itself (`created`), or
   * the visitor's click another process committed first; rejects if the batch failed.
   */
  write(row: NewClick, dedupeKey: string): Promise<StoredClick> {
    const written = new Promise<StoredClick>((resolve, reject) => {
      this.#queue.push({ row, dedupeKey, resolve, reject });
    });
    this.#recent.set(dedupeKey, { row, written });
    this.#schedule();
    return written;
  }

  async drain(): Promise<void> {
    while (this.#flushing.size > 0 || this.#queue.length > 0) {
      if (this.#flushing.size === 0) this.#startFlush();
      await Promise.race(this.#flushing);
    }
  }

  #schedule(): void {
    if (this.#timer || this.#flushing.size >= this.#concurrentBatches) return;
    this.#timer = setTimeout(() => this.#startFlush(), COMMIT_DELAY_MS);
  }

  #startFlush(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const flush: Promise<void> = this.#flushOnce().finally(() => {
      this.#flushing.delete(flush);
      if (this.#queue.length > 0) this.#schedule();
    });
    this.#flushing.add(flush);
  }

  /** One batch, one transaction, one fsync; what queued meanwhile waits for the next delay. */
  async #flushOnce(): Promise<void> {
    if (this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, MAX_BATCH);
    try {
      const answers = await this.#store(batch);
      batch.forEach((entry, i) => {
        entry.resolve(answers[i] as StoredClick);
      });
    } catch (error) {
      if (batch.length > 1 && isConstraintViolation(error)) {
        // A constraint belongs to one row: the others are written one by one, not failed with it.
        for (const entry of batch) {
          await this.#store([entry]).then(
            ([answer]) => entry.resolve(answer as StoredClick),
            (single: unknown) => this.#fail(entry, single),
          );
        }
      } else {
        this.#logger.error({ err: error, clicks: batch.length }, "click batch failed");
        for (const entry of batch) this.#fail(entry, error);
      }
    }
  }

  /** Writes a batch; the answer for each entry, in order. */
  async #store(batch: PendingClick[]): Promise<StoredClick[]> {
    const created = (entry: PendingClick): StoredClick => ({
      id: entry.row.id,
      expires_at: entry.row.expires_at,
      created: true,
    });
    if (!this.#shared) {
      const rows = batch.map((entry) => entry.row);
      await this.#db.transaction().execute(async (trx) => {
        await trx.insertInto("clicks").values(rows).execute();
        await countClicksQuery(trx, clickDeltas(rows)).execute();
      });
      return batch.map(created);
    }
    return this.#db.transaction().execute(async (trx) => {
      // In one order for everyone, so two batches sharing visitors cannot deadlock.
      const ids = [...new Set(batch.map((entry) => visitorLockId(entry.dedupeKey)))].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      await lockVisitorKeys(trx, ids);
      const windows = batch.map((entry) => dedupeWindowStart(entry.row.created_at));
      // ISO times sort as text: the earliest window start covers every row's window.
      const earliest = [...windows].sort()[0] as string;
      const rows = batch.map((entry) => entry.row);
      const committed = await recentClicksOfVisitors(trx, rows, earliest);
      const answers = batch.map((entry, i): StoredClick | undefined => {
        const since = windows[i] as string;
        let newest: (typeof committed)[number] | undefined;
        for (const click of committed) {
          if (click.created_at <= since || !sameVisitorKey(click, entry.row)) continue;
          if (!newest || click.created_at > newest.created_at) newest = click;
        }
        return newest && { id: newest.id, expires_at: newest.expires_at, created: false };
      });
      const fresh = batch.filter((_, i) => !answers[i]).map((entry) => entry.row);
      if (fresh.length > 0) {
        await trx.insertInto("clicks").values(fresh).execute();
        await countClicksQuery(trx, clickDeltas(fresh)).execute();
      }
      return batch.map((entry, i) => answers[i] ?? created(entry));
    });
  }

  #fail(entry: PendingClick, error: unknown): void {
    // A failed click is forgotten, so the visitor's next request records it anew.
    if (this.#recent.get(entry.dedupeKey)?.row === entry.row) this.#recent.delete(entry.dedupeKey);
    entry.reject(error);
  }
}

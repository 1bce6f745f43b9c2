// Group commit for clicks written through Kysely (PostgreSQL, in-memory SQLite; clicks on an
// SQLite file have a thread of their own, sqlite-thread.ts). Each click must be durable before its
// 201, and one commit per click would cap throughput at the disk's flush rate; so clicks
// arriving together are inserted in one statement, and every caller is answered after it.
import type { Kysely } from "kysely";
import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import { isConstraintViolation } from "../store/errors";
import type { Database, NewClick } from "../store/schema";

interface PendingClick {
  row: NewClick;
  dedupeKey: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface RecentClick {
  row: NewClick;
  written: Promise<void>;
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
  #queue: PendingClick[] = [];
  /**
   * Clicks being written, and for a few seconds after their commit, with the promise of their
   * write: a racing duplicate answers with the same click only once that very write has
   * succeeded, and fails with it. Kept past the commit because a duplicate may have started its
   * database look-up before the commit and resume after it, seeing neither.
   */
  readonly #recent = new LRUCache<string, RecentClick>({ max: 100_000, ttl: RECENT_MS });
  #flushing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Kysely<Database>, logger: Logger) {
    this.#db = db;
    this.#logger = logger;
  }

  /** The click of the same visitor, key and ref being written or just written, if any. */
  recentWrite(dedupeKey: string): RecentClick | undefined {
    return this.#recent.get(dedupeKey);
  }

  /** Resolves once the click is durably stored; rejects if its batch could not be written. */
  write(row: NewClick, dedupeKey: string): Promise<void> {
    const written = new Promise<void>((resolve, reject) => {
      this.#queue.push({ row, dedupeKey, resolve, reject });
    });
    this.#recent.set(dedupeKey, { row, written });
    this.#schedule();
    return written;
  }

  async drain(): Promise<void> {
    while (this.#flushing || this.#queue.length > 0) {
      if (!this.#flushing) this.#startFlush();
      await this.#flushing;
    }
  }

  #schedule(): void {
    if (this.#timer || this.#flushing) return;
    this.#timer = setTimeout(() => this.#startFlush(), COMMIT_DELAY_MS);
  }

  #startFlush(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#flushing = this.#flushOnce();
  }

  /** One batch, one transaction, one fsync; what queued meanwhile waits for the next delay. */
  async #flushOnce(): Promise<void> {
    const batch = this.#queue.splice(0, MAX_BATCH);
    try {
      await this.#insert(batch);
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (batch.length > 1 && isConstraintViolation(error)) {
        // A constraint belongs to one row: the others are written one by one, not failed with it.
        for (const entry of batch) {
          await this.#insert([entry]).then(
            () => entry.resolve(),
            (single: unknown) => this.#fail(entry, single),
          );
        }
      } else {
        this.#logger.error({ err: error, clicks: batch.length }, "click batch failed");
        for (const entry of batch) this.#fail(entry, error);
      }
    } finally {
      this.#flushing = null;
      if (this.#queue.length > 0) this.#schedule();
    }
  }

  async #insert(batch: PendingClick[]): Promise<void> {
    if (batch.length === 0) return;
    await this.#db
      .insertInto("clicks")
      .values(batch.map((entry) => entry.row))
      .execute();
  }

  #fail(entry: PendingClick, error: unknown): void {
    // A failed click is forgotten, so the visitor's next request records it anew.
    if (this.#recent.get(entry.dedupeKey)?.row === entry.row) this.#recent.delete(entry.dedupeKey);
    entry.reject(error);
  }
}

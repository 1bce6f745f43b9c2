// The SQLite click writer's memory of recent clicks: for a visitor key (merchant, mode, visitor,
// ref), the rowids of the clicks that may answer "this visitor's click since T". On embedded
// SQLite it replaces an index on the table: every click landed on a random page of that index,
// and writing those pages was half of what a click cost. The table stays the truth: every
// candidate is read back by rowid and checked, so a hash collision, a rolled-back insert or a
// reused rowid can only make a candidate fail its check, never answer for another visitor.
//
// Memory is kept in generations (one per GENERATION_MS of clicks added); a generation is let go
// once its newest click left the dedupe window, or early when the entries pass `maxEntries`
// (the memory budget, CLICK_DEDUPE_MEMORY_MB): memory then holds the most recent part of the
// hour. What was let go raises `coveredFrom`: a look-up reaching further back than that is not
// answered from here alone (covers() is false) and goes to the table's visitor index as well.
// Memory made while the server runs starts empty and covers nothing before its start until the
// clicks already stored are loaded (loaded()); the server answers from the index meanwhile.

import { toIso } from "../lib/clock";

export interface RecentVisitorsOptions {
  /** How long a click can answer for its visitor (the dedupe window). */
  windowMs: number;
  /** A generation's span: coarser means fewer, larger maps; finer lets go of memory sooner. */
  generationMs?: number;
  /** Entries kept at most (about 30 bytes each); past this the oldest generation is let go. */
  maxEntries?: number;
  /**
   * The clicks already stored are still to be loaded: until loaded() memory covers only what is
   * added from now on.
   */
  loading?: boolean;
}

/** What one entry costs, for a budget given in bytes (measured: 4,000,000 ≈ 120 MB). */
export const BYTES_PER_ENTRY = 30;

/** The entries a memory budget of `megabytes` holds. */
export function entriesForBudget(megabytes: number): number {
  return Math.max(1, Math.floor((megabytes * 1_000_000) / BYTES_PER_ENTRY));
}

export interface VisitorKeyFields {
  merchant_id: string;
  mode: string;
  visitor_hash: string;
  ref: string;
}

/** 4,000,000 entries: about 120 MB, an hour of clicks at 1,100 per second. */
export const DEFAULT_MAX_ENTRIES = 4_000_000;
const DEFAULT_GENERATION_MS = 5 * 60_000;
/**
 * A request computes its window's start a little before the writer sees it (and tests freeze
 * their clock): memory is built, and kept, this much further back than the window.
 */
const SLACK_MS = 60_000;

/** One field into an FNV-1a hash, then a separator, so moving characters between fields changes it. */
function mixField(hash: number, text: string): number {
  let mixed = hash;
  for (let i = 0; i < text.length; i++) {
    mixed ^= text.charCodeAt(i);
    mixed = Math.imul(mixed, 0x01000193);
  }
  mixed ^= 0x0a;
  return Math.imul(mixed, 0x01000193);
}

/**
 * FNV-1a over the key's fields: a small integer, so a map entry holds no string. Computed for
 * every click on the event loop, so it creates no closure (the TypeScript loader would name it).
 */
export function visitorKey(fields: VisitorKeyFields): number {
  let hash = 0x811c9dc5;
  hash = mixField(hash, fields.merchant_id);
  hash = mixField(hash, fields.mode);
  hash = mixField(hash, fields.visitor_hash);
  hash = mixField(hash, fields.ref);
  return hash | 0;
}

export function sameVisitorKey(a: VisitorKeyFields, b: VisitorKeyFields): boolean {
  return (
    a.visitor_hash === b.visitor_hash &&
    a.ref === b.ref &&
    a.mode === b.mode &&
    a.merchant_id === b.merchant_id
  );
}

interface Generation {
  /** Key → rowid, or several rowids when keys collide or a visitor came back after the window. */
  rowids: Map<number, number | number[]>;
  size: number;
  /** When the last entry was added (the writer's clock). */
  lastAddedAt: number;
  startedAt: number;
  /** The newest created_at among its clicks (ISO strings compare in time order). */
  newestCreatedAt: string;
}

export class RecentVisitors {
  readonly #windowMs: number;
  readonly #generationMs: number;
  readonly #maxEntries: number;
  #generations: Generation[] = [];
  #size = 0;
  /** Every click created at or after this is held, unless let go since. */
  #loadedFrom: string;
  /** The newest click let go for the budget or the window. */
  #letGoUpTo = "";
  /** Where loading the stored clicks starts (loadFrom), for loaded(). */
  readonly #windowStart: string;

  /**
   * Memory started at `nowMs` (the writer's clock): every click created at or after
   * `loadFrom` must be add()ed — those already stored first, or, while `loading`, as they are
   * loaded, and then loaded() called.
   */
  constructor(nowMs: number, options: RecentVisitorsOptions) {
    this.#windowStart = toIso(new Date(nowMs - options.windowMs - SLACK_MS));
    this.#loadedFrom = options.loading ? toIso(new Date(nowMs)) : this.#windowStart;
    this.#windowMs = options.windowMs;
    this.#generationMs = options.generationMs ?? DEFAULT_GENERATION_MS;
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  get size(): number {
    return this.#size;
  }

  get coveredFrom(): string {
    // ISO strings: the later of the two (Math.max would make numbers of them).
    if (this.#letGoUpTo > this.#loadedFrom) return this.#letGoUpTo;
    return this.#loadedFrom;
  }

  /** The creation time from which the stored clicks are to be loaded. */
  get loadFrom(): string {
    return this.#windowStart;
  }

  /** Every stored click created at or after loadFrom has been add()ed. */
  loaded(): void {
    this.#loadedFrom = this.#windowStart;
  }

  /** Whether every click created after `since` is among the candidates. */
  covers(since: string): boolean {
    return since >= this.coveredFrom;
  }

  /**
   * Whether a click found here created after `since` is this visitor's newest: it is newer
   * than every click memory does not hold.
   */
  newerThanUncovered(createdAt: string): boolean {
    return createdAt > this.coveredFrom;
  }

  /** Rowids to read back and check, newest generation first. */
  candidates(key: number): number[] {
    const found: number[] = [];
    for (let i = this.#generations.length - 1; i >= 0; i--) {
      const entry = this.#generations[i]?.rowids.get(key);
      if (entry === undefined) continue;
      if (typeof entry === "number") found.push(entry);
      else found.push(...entry);
    }
    return found;
  }

  add(key: number, rowid: number, createdAt: string, nowMs: number): void {
    const generation = this.#current(nowMs);
    const entry = generation.rowids.get(key);
    if (entry === undefined) generation.rowids.set(key, rowid);
    else if (typeof entry === "number") generation.rowids.set(key, [entry, rowid]);
    else entry.push(rowid);
    generation.size++;
    generation.lastAddedAt = nowMs;
    if (createdAt > generation.newestCreatedAt) generation.newestCreatedAt = createdAt;
    this.#size++;
    while (this.#size > this.#maxEntries && this.#generations.length > 1) this.#letGoOldest();
  }

  /** Lets go of generations whose newest click can no longer answer for anyone. */
  expire(nowMs: number): void {
    for (;;) {
      const oldest = this.#generations[0];
      if (!oldest || nowMs - oldest.lastAddedAt <= this.#windowMs + SLACK_MS) return;
      this.#letGoOldest();
    }
  }

  #current(nowMs: number): Generation {
    const last = this.#generations[this.#generations.length - 1];
    if (last && nowMs - last.startedAt < this.#generationMs && last.size < this.#maxEntries) {
      return last;
    }
    const fresh: Generation = {
      rowids: new Map(),
      size: 0,
      lastAddedAt: nowMs,
      startedAt: nowMs,
      newestCreatedAt: "",
    };
    this.#generations.push(fresh);
    return fresh;
  }

  #letGoOldest(): void {
    const oldest = this.#generations.shift();
    if (!oldest) return;
    this.#size -= oldest.size;
    if (oldest.newestCreatedAt > this.#letGoUpTo) this.#letGoUpTo = oldest.newestCreatedAt;
  }
}

// What the server and its SQLite click thread say to each other; both sides import these types.
import type { NewClick } from "../store/schema";

/** The values a thread statement binds, by name: a click's fields and a few of the thread's own. */
export type BoundName = keyof NewClick | "since" | "rowid";

/** A statement the thread prepares once, with named values bound to its `?`s in order. */
export interface PositionalSql {
  sql: string;
  params: ReadonlyArray<BoundName>;
}

export interface ThreadSetup {
  path: string;
  /** The visitor's click created after `since`, if any, read from the table (no index helps). */
  findRecent: PositionalSql;
  insert: PositionalSql;
  /** One click by rowid: a candidate from memory, checked against the table. */
  clickByRowid: PositionalSql;
  /** Clicks written after `rowid` (by another process on the same file). */
  clicksAfter: PositionalSql;
  /** The newest rowid: where catching up starts. */
  lastRowid: PositionalSql;
  merchantIds: PositionalSql;
  /** A merchant's clicks in one mode created at or after `since`: memory rebuilt at start. */
  merchantClicksSince: PositionalSql;
}

export interface ThreadError {
  message: string;
  code?: string;
}

/**
 * What became of one click: `null` when it was stored as sent (the server has its id already),
 * the visitor's earlier click when that answers for it, or why it failed.
 */
export type ClickOutcome = null | { id: string; expires_at: string } | { error: ThreadError };

/**
 * The server sends clicks as `NewClick[]` messages; the thread answers every message it took
 * in one transaction with one `outcomes` list each, in the order they were sent.
 */
export type ThreadMessage =
  | { type: "ready" }
  | { type: "failed"; error: ThreadError }
  | { type: "outcomes"; batches: ClickOutcome[][] };

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
  /** Clicks created this long before a click's own time count as the same visit. */
  dedupeWindowMs: number;
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

export interface ClickCandidate {
  seq: number;
  row: NewClick;
  since: string;
}

export interface ThreadError {
  message: string;
  code?: string;
}

export type ClickOutcome =
  | { seq: number; id: string; expires_at: string; created: boolean }
  | { seq: number; error: ThreadError };

export type ThreadMessage =
  | { type: "ready" }
  | { type: "failed"; error: ThreadError }
  | { type: "outcomes"; outcomes: ClickOutcome[] };

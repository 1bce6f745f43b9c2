// What the server and its SQLite click thread say to each other; both sides import these types.
import type { NewClick } from "../store/schema";

/** A statement the thread prepares once, with the click fields bound to its `?`s in order. */
export interface PositionalSql {
  sql: string;
  params: ReadonlyArray<keyof NewClick | "since">;
}

export interface ThreadSetup {
  path: string;
  /** The visitor's click created after `since`, if any. */
  findRecent: PositionalSql;
  insert: PositionalSql;
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

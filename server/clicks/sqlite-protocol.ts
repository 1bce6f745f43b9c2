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

/** A click's fields in the order messages carry them. */
export const CLICK_FIELDS = [
  "id",
  "merchant_id",
  "mode",
  "partner_id",
  "program_id",
  "ref",
  "visitor_hash",
  "url",
  "referrer",
  "created_at",
  "expires_at",
] as const satisfies ReadonlyArray<keyof NewClick>;

/**
 * The server sends a batch of clicks as one flat list of their fields (CLICK_FIELDS, click after
 * click): copying it to the thread costs about half of copying objects, whose property names
 * are written and read again for every click. The thread answers every message it took in one
 * transaction with one `outcomes` list each, in the order they were sent.
 */
export type ClickBatch = Array<string | null>;

export function packClicks(rows: NewClick[]): ClickBatch {
  const fields: ClickBatch = [];
  for (const row of rows) for (const field of CLICK_FIELDS) fields.push(row[field] ?? null);
  return fields;
}

export function unpackClicks(fields: ClickBatch): NewClick[] {
  const rows: NewClick[] = [];
  for (let at = 0; at < fields.length; at += CLICK_FIELDS.length) {
    const row: Record<string, string | null> = {};
    for (let i = 0; i < CLICK_FIELDS.length; i++) row[CLICK_FIELDS[i]!] = fields[at + i] ?? null;
    rows.push(row as unknown as NewClick);
  }
  return rows;
}

export type ThreadMessage =
  | { type: "ready" }
  | { type: "failed"; error: ThreadError }
  | { type: "outcomes"; batches: ClickOutcome[][] };

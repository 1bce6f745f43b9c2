// How long a visitor's click answers for their next ones: the same visitor, key and ref within
// this window are one click. Kept apart from the queries so the SQLite click writer reads it too.
import { HOUR_MS, toIso } from "../lib/clock";

export const VISITOR_DEDUPE_MS = HOUR_MS;

/** A click answers for its visitor if created after this: the window before `createdAt`. */
export function dedupeWindowStart(createdAt: string): string {
  return toIso(new Date(Date.parse(createdAt) - VISITOR_DEDUPE_MS));
}

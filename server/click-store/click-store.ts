// The click storage engine: where clicks are kept, behind one promise: "this visitor's click
// from the last hour, or this new one, durably stored". Two engines share the contract:
//   - embedded SQLite: batches committed on a connection of its own and answered after an
//     fdatasync on libuv's pool (sqlite-store.ts), so the event loop never waits for the disk;
//   - PostgreSQL (and in-memory SQLite): through Kysely on the server's connection
//     (kysely-store.ts).
// Which one a server uses is decided where services are wired (server/services.ts).
import type { NewClick } from "../store/schema";

export interface StoredClick {
  id: string;
  expires_at: string;
  /** False when the visitor's click from the last hour was returned instead of `row`. */
  created: boolean;
}

export interface ClickStore {
  /**
   * Stores `row` unless a click of the same merchant, mode, visitor and ref was created in the
   * dedupe window before it (dedupe-window.ts); resolves once the answer is durable, rejects
   * if it could not be written.
   */
  record(row: NewClick): Promise<StoredClick>;
  /** Ready to take clicks (opens what it needs); optional, record() does it on demand. */
  start(): Promise<void>;
  /** Answers every click already taken, then lets go of its resources. */
  close(): Promise<void>;
}

// What the storage's own failures say about it, beyond "it answers a ping": /readyz reports it
// and /metrics counts it. A failure of the storage itself (a full disk, an I/O error, a lost or
// silent PostgreSQL: isStorageUnavailable) makes it "degraded" for DEGRADED_FOR_MS, or for as
// long as they keep coming; a checkpoint that fails keeps it degraded until one succeeds (the
// WAL cannot start over until then). Failures of a request (a duplicate, a bad row) are not
// the storage's and are not counted.
import { isStorageUnavailable } from "./errors";

export const DEGRADED_FOR_MS = 10_000;

export type StorageState = { state: "ok" } | { state: "degraded"; reason: string };

/** A failure as /readyz and the logs show it: its code, if it has one, and its message. */
export function describeFailure(error: unknown): { code: string; reason: string } {
  const code =
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string"
      ? (error as { code: string }).code
      : "CONNECTION";
  const message =
    typeof error === "object" &&
    error !== null &&
    typeof (error as { message?: unknown }).message === "string"
      ? (error as { message: string }).message
      : String(error);
  return { code, reason: `${code}: ${message}` };
}

export class StorageHealth {
  readonly #now: () => number;
  #lastFailure: { reason: string; at: number } | undefined;
  #checkpointFailure: string | undefined;
  readonly #listeners: Array<(code: string) => void> = [];
  #commits = 0;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Notes `error` if it is the storage's own failure; anything else is ignored. */
  noteFailure(error: unknown): void {
    if (!isStorageUnavailable(error)) return;
    const { code, reason } = describeFailure(error);
    this.#lastFailure = { reason, at: this.#now() };
    for (const listener of this.#listeners) listener(code);
  }

  /** A transaction committed on the server's own SQLite connection (sqlite-driver.ts). */
  noteCommit(): void {
    this.#commits++;
  }

  /**
   * Transactions committed on the server's own SQLite connection since start: with
   * `selgeo_storage_commits_total`, how well writes are grouped (grouped-transactions.ts).
   */
  get commits(): number {
    return this.#commits;
  }

  /**
   * The outcome of a checkpoint: the error it failed with, or undefined when it succeeded. Not
   * a failure of a write: it degrades the state, but listeners do not hear of it.
   */
  noteCheckpoint(error: unknown): void {
    this.#checkpointFailure = error === undefined ? undefined : describeFailure(error).reason;
  }

  /** Calls `listener` with the code of each failure of a write noted; returns how to stop. */
  onFailure(listener: (code: string) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const index = this.#listeners.indexOf(listener);
      if (index >= 0) this.#listeners.splice(index, 1);
    };
  }

  state(): StorageState {
    if (this.#checkpointFailure) {
      return { state: "degraded", reason: `checkpoints fail (${this.#checkpointFailure})` };
    }
    const failure = this.#lastFailure;
    if (failure && this.#now() - failure.at < DEGRADED_FOR_MS) {
      return { state: "degraded", reason: failure.reason };
    }
    return { state: "ok" };
  }
}

// Making SQLite commits durable with an fdatasync of the WAL file, on libuv's thread pool. The
// server's connections (store/sqlite-driver.ts, click-store/sqlite-store.ts) commit with
// synchronous=NORMAL, which only write()s the frames to the WAL; once an fdatasync of that file
// begun after the commit has finished, the commit survives a power cut as it would have under
// synchronous=FULL, and the event loop never waited for the disk. Requests that come while one
// is under way are answered together by the next, so one fdatasync covers everything committed
// before it began.
//
// The file is opened once, by name. SQLite removes a WAL file only when the last connection to
// the database closes, and whoever uses this keeps its connection open for as long as it does,
// so the name keeps naming the file SQLite writes to (truncation or reuse keep the same file).
import { closeSync, fdatasync, openSync } from "node:fs";

export type Fdatasync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

export class WalSync {
  readonly #path: string;
  readonly #fdatasync: Fdatasync;
  #fd: number | undefined;
  #inFlight = false;
  #waiting: Array<(error: Error | null) => void> = [];

  constructor(path: string, options: { fdatasync?: Fdatasync } = {}) {
    this.#path = path;
    this.#fdatasync = options.fdatasync ?? fdatasync;
  }

  /** An fdatasync is under way. */
  get busy(): boolean {
    return this.#inFlight;
  }

  /** Calls `done` once an fdatasync begun after this call has finished (or with its failure). */
  after(done: (error: Error | null) => void): void {
    this.#waiting.push(done);
    if (!this.#inFlight) this.#start();
  }

  /** Lets go of the file; only when nothing is waiting. */
  close(): void {
    if (this.#inFlight || this.#waiting.length > 0) {
      throw new Error("the WAL is still being synced");
    }
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #start(): void {
    const group = this.#waiting;
    this.#waiting = [];
    let fd: number;
    try {
      fd = this.#fd ??= openSync(this.#path, "r");
    } catch (error) {
      for (const done of group) done(error as Error);
      return;
    }
    this.#inFlight = true;
    this.#fdatasync(fd, (error) => {
      this.#inFlight = false;
      for (const done of group) done(error);
      if (this.#waiting.length > 0 && !this.#inFlight) this.#start();
    });
  }
}

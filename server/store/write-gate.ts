// How the server's own SQLite writes (store/sqlite-driver.ts) keep out of the way of the click
// store's checkpoints (clicks/sqlite-store.ts), which copy the WAL into the database file so that
// it can start over:
//   - while a checkpoint runs, the connection is handed out only after it: a checkpoint lets the
//     WAL start over only if it copied every frame, which it cannot while another connection
//     keeps committing. Without this, a stream of conversions kept the WAL growing until
//     SQLite's own checkpoint at 1,000 pages;
//   - when the last checkpoint found no room on the disk, a write first has another one run,
//     and fails with that error (503) if there is still no room: freed room must go to the
//     checkpoint, not to new frames that would fill it again before one runs.
export class WriteGate {
  #closed: Promise<void> | undefined;
  #noRoom: Error | undefined;
  #checkpoint: (() => Promise<void>) | undefined;

  /** Writes wait until `until` settles, however it settles. */
  closeUntil(until: Promise<unknown>): void {
    const closed = until.then(
      () => {},
      () => {},
    );
    this.#closed = closed;
    void closed.then(() => {
      if (this.#closed === closed) this.#closed = undefined;
    });
  }

  /** Undefined while open; otherwise what opens it. */
  get closed(): Promise<void> | undefined {
    return this.#closed;
  }

  /** The click store's way to checkpoint now; resolves when the checkpoint is done. */
  checkpointWith(checkpoint: (() => Promise<void>) | undefined): void {
    this.#checkpoint = checkpoint;
  }

  /** What the last checkpoint found: no room on the disk (its error), or room. */
  noteRoom(noRoom: Error | undefined): void {
    this.#noRoom = noRoom;
  }

  /** Before a write: waits for a checkpoint under way, or has one run first when the disk was full. */
  async beforeWrite(): Promise<void> {
    const closed = this.#closed;
    if (closed) await closed;
    if (!this.#noRoom || !this.#checkpoint) return;
    await this.#checkpoint();
    if (this.#noRoom) throw this.#noRoom;
  }
}

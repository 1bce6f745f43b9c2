// For tests of when a write is answered: an fdatasync the test lets through, and a promise
// whose settling can be looked at without awaiting it.
import { fdatasync } from "node:fs";
import type { Fdatasync } from "../../server/store/wal-sync";

/** An fdatasync that is counted and, while `holding`, waits until the test releases it. */
export function heldFdatasync() {
  /** Each held sync, let through at most once. */
  const held: Array<() => void> = [];
  const once = (go: () => void) => {
    let ran = false;
    return () => {
      if (!ran) go();
      ran = true;
    };
  };
  const control = {
    holding: true,
    /** How many syncs were asked for so far, held or not. */
    started: 0,
    fdatasync: ((fd, done) => {
      control.started++;
      if (control.holding) held.push(once(() => fdatasync(fd, done)));
      else fdatasync(fd, done);
    }) as Fdatasync,
    /** Lets the index-th held sync (counting from the first ever held) go to the disk. */
    release(index: number) {
      held[index]?.();
    },
    /** Lets every held sync through, and all later ones at once. */
    releaseAll() {
      control.holding = false;
      for (const go of held) go();
    },
  };
  return control;
}

/** Whether a promise has settled yet, and with what. */
export function tracked<T>(promise: Promise<T>) {
  const state = {
    settled: false,
    value: undefined as T | undefined,
    error: undefined as unknown,
  };
  promise.then(
    (value) => {
      state.settled = true;
      state.value = value;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

/** Lets the event loop run for `ms` milliseconds. */
export const turns = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

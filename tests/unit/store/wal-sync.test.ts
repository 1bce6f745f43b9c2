// WalSync: a commit counts as durable once an fdatasync begun after it has finished; requests
// that come while one is under way share the next.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Fdatasync, WalSync } from "../../../server/store/wal-sync";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function walFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "selgeo-wal-sync-"));
  dirs.push(dir);
  const path = join(dir, "db-wal");
  writeFileSync(path, "frames");
  return path;
}

/** An fdatasync that finishes only when the test says so. */
function heldFdatasync() {
  const held: Array<(error: NodeJS.ErrnoException | null) => void> = [];
  const fdatasync: Fdatasync = (_fd, done) => {
    held.push(done);
  };
  return {
    fdatasync,
    get started() {
      return held.length;
    },
    finish(index: number, error: NodeJS.ErrnoException | null = null) {
      held[index]?.(error);
    },
  };
}

describe("WalSync", () => {
  it("answers a request only after a sync that began after it, and shares the next sync among those that came during one", () => {
    const sync = heldFdatasync();
    const wal = new WalSync(walFile(), { fdatasync: sync.fdatasync });
    const answered: string[] = [];
    wal.after(() => answered.push("a"));
    expect(sync.started).toBe(1);
    expect(wal.busy).toBe(true);
    // Committed after the first sync began: that sync may not cover them.
    wal.after(() => answered.push("b"));
    wal.after(() => answered.push("c"));
    expect(sync.started).toBe(1);
    expect(answered).toEqual([]);

    sync.finish(0);
    expect(answered).toEqual(["a"]);
    expect(sync.started).toBe(2);
    sync.finish(1);
    expect(answered).toEqual(["a", "b", "c"]);
    expect(sync.started).toBe(2);
    expect(wal.busy).toBe(false);
    wal.close();
  });

  it("gives a failed sync's error to what it covered and syncs anew for what came later", () => {
    const sync = heldFdatasync();
    const wal = new WalSync(walFile(), { fdatasync: sync.fdatasync });
    const errors: Array<Error | null> = [];
    wal.after((error) => errors.push(error));
    wal.after((error) => errors.push(error));
    sync.finish(0, Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }));
    expect(errors).toEqual([expect.objectContaining({ code: "EIO" })]);
    sync.finish(1);
    expect(errors).toEqual([expect.objectContaining({ code: "EIO" }), null]);
  });

  it("gives the waiting requests the error when the WAL file cannot be opened", () => {
    const wal = new WalSync(join(walFile(), "..", "missing-wal"));
    const errors: Array<Error | null> = [];
    wal.after((error) => errors.push(error));
    expect(errors).toEqual([expect.objectContaining({ code: "ENOENT" })]);
    expect(wal.busy).toBe(false);
  });

  it("syncs a real file on libuv's pool", async () => {
    const wal = new WalSync(walFile());
    const error = await new Promise((done) => wal.after(done));
    expect(error).toBeNull();
    expect(() => wal.close()).not.toThrow();
  });

  it("refuses to close while a sync is under way", () => {
    const sync = heldFdatasync();
    const wal = new WalSync(walFile(), { fdatasync: sync.fdatasync });
    wal.after(() => {});
    expect(() => wal.close()).toThrow(/still being synced/);
    sync.finish(0);
    wal.close();
  });
});

// A small file system of the test's own (tmpfs) to fill to the brim, for tests of a full disk.
// Mounting needs root (CI runs as root); where it is not allowed the tests skip, saying so.
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Tmpfs {
  dir: string;
  /** Writes a file until the file system has not one byte left; returns its path. */
  fill(): string;
  unmount(): void;
}

export function mountTmpfs(sizeMiB: number): Tmpfs | undefined {
  const dir = mkdtempSync(join(tmpdir(), "selgeo-tmpfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMiB}m`, "tmpfs", dir], {
      stdio: "pipe",
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    console.warn(
      `skipping full-disk tests: cannot mount a tmpfs here (${(error as Error).message.split("\n")[0]})`,
    );
    return undefined;
  }
  return {
    dir,
    fill() {
      const path = join(dir, `filler-${Date.now()}`);
      const fd = openSync(path, "w");
      try {
        // Large writes first, then smaller ones, until not even one byte fits.
        for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 1]) {
          const chunk = Buffer.alloc(size, 1);
          for (;;) {
            try {
              if (writeSync(fd, chunk) < size) break;
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === "ENOSPC") break;
              throw error;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
      return path;
    },
    unmount() {
      execFileSync("umount", ["-l", dir], { stdio: "pipe" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

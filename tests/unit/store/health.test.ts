import { describe, expect, it } from "vitest";
import { DEGRADED_FOR_MS, StorageHealth } from "../../../server/store/health";

const diskFull = () =>
  Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });

function healthAt() {
  const clock = { now: 0 };
  return { clock, health: new StorageHealth(() => clock.now) };
}

describe("StorageHealth", () => {
  it("is ok until the storage itself fails", () => {
    const { health } = healthAt();
    health.noteFailure(Object.assign(new Error("duplicate"), { code: "23505" }));
    expect(health.state()).toEqual({ state: "ok" });
  });

  it("is degraded, with the reason, for a while after the storage's own failure", () => {
    const { clock, health } = healthAt();
    health.noteFailure(diskFull());
    expect(health.state()).toEqual({
      state: "degraded",
      reason: "SQLITE_FULL: database or disk is full",
    });
    clock.now = DEGRADED_FOR_MS - 1;
    expect(health.state().state).toBe("degraded");
    clock.now = DEGRADED_FOR_MS;
    expect(health.state()).toEqual({ state: "ok" });
  });

  it("stays degraded while checkpoints fail, and not after one succeeds", () => {
    const { clock, health } = healthAt();
    health.noteCheckpoint({ message: "database or disk is full", code: "SQLITE_FULL" });
    clock.now = DEGRADED_FOR_MS * 10;
    expect(health.state()).toEqual({
      state: "degraded",
      reason: "checkpoints fail (SQLITE_FULL: database or disk is full)",
    });
    health.noteCheckpoint(undefined);
    expect(health.state()).toEqual({ state: "ok" });
  });

  it("tells its listeners each failure's code, until they stop listening", () => {
    const { health } = healthAt();
    const codes: string[] = [];
    const stop = health.onFailure((code) => codes.push(code));
    health.noteFailure(diskFull());
    health.noteFailure(new Error("Query read timeout"));
    stop();
    health.noteFailure(diskFull());
    expect(codes).toEqual(["SQLITE_FULL", "CONNECTION"]);
  });
});

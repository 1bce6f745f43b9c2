// The click writer's memory of recent visitors: what it offers as candidates, when it lets go of
// them, and how it says that a look-up reaches further back than it remembers.
import { describe, expect, it } from "vitest";
import {
  RecentVisitors,
  sameVisitorKey,
  visitorKey,
} from "../../../server/click-store/recent-visitors";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const T0 = Date.parse("2026-01-01T01:01:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const visitor = { merchant_id: "mer_a", mode: "test", visitor_hash: "abc", ref: "demo" };

describe("visitorKey", () => {
  it("is the same for the same visitor and differs when any field differs", () => {
    const key = visitorKey(visitor);
    expect(visitorKey({ ...visitor })).toBe(key);
    for (const field of ["merchant_id", "mode", "visitor_hash", "ref"] as const) {
      expect(visitorKey({ ...visitor, [field]: `${visitor[field]}x` })).not.toBe(key);
    }
    // Fields are separated: moving a character from one field to the next changes the key.
    expect(visitorKey({ ...visitor, mode: "tes", visitor_hash: "tabc" })).not.toBe(key);
    expect(Number.isInteger(key) && Math.abs(key) < 2 ** 31).toBe(true);
  });

  it("compares the fields themselves, which is what a candidate is checked with", () => {
    expect(sameVisitorKey(visitor, { ...visitor })).toBe(true);
    expect(sameVisitorKey(visitor, { ...visitor, ref: "other" })).toBe(false);
  });
});

describe("RecentVisitors", () => {
  it("offers every rowid added under a key, newest generation first, and none for other keys", () => {
    const memory = new RecentVisitors(T0, { windowMs: HOUR, generationMs: 5 * MINUTE });
    const key = visitorKey(visitor);
    memory.add(key, 1, at(0), T0);
    memory.add(key, 2, at(MINUTE), T0 + MINUTE);
    memory.add(key, 3, at(10 * MINUTE), T0 + 10 * MINUTE);
    expect(memory.candidates(key)).toEqual([3, 1, 2]);
    expect(memory.candidates(visitorKey({ ...visitor, ref: "x" }))).toEqual([]);
    expect(memory.size).toBe(3);
  });

  it("covers look-ups reaching back a window (and a minute's slack) from its start", () => {
    const memory = new RecentVisitors(T0, { windowMs: HOUR });
    expect(memory.coveredFrom).toBe("2026-01-01T00:00:00.000Z");
    expect(memory.covers("2026-01-01T00:00:00.000Z")).toBe(true);
    expect(memory.covers("2026-01-01T00:30:00.000Z")).toBe(true);
    expect(memory.covers("2025-12-31T23:59:59.999Z")).toBe(false);
  });

  it("lets go of a generation once its newest click has left the window, and stops covering it", () => {
    const memory = new RecentVisitors(T0, { windowMs: HOUR, generationMs: 5 * MINUTE });
    const key = visitorKey(visitor);
    memory.add(key, 1, at(0), T0);
    memory.add(key, 2, at(6 * MINUTE), T0 + 6 * MINUTE);
    memory.expire(T0 + HOUR);
    expect(memory.candidates(key)).toEqual([2, 1]);
    // Past the window and its slack for the first generation only.
    memory.expire(T0 + HOUR + 2 * MINUTE);
    expect(memory.candidates(key)).toEqual([2]);
    expect(memory.size).toBe(1);
    expect(memory.coveredFrom).toBe(at(0));
    expect(memory.covers(at(0))).toBe(true);
    memory.expire(T0 + 2 * HOUR);
    expect(memory.candidates(key)).toEqual([]);
    expect(memory.covers(at(6 * MINUTE - 1))).toBe(false);
    expect(memory.covers(at(6 * MINUTE))).toBe(true);
  });

  it("keeps at most maxEntries, letting go of the oldest generation and of its coverage", () => {
    const memory = new RecentVisitors(T0, { windowMs: HOUR, generationMs: HOUR, maxEntries: 3 });
    for (let i = 1; i <= 7; i++) {
      memory.add(visitorKey({ ...visitor, visitor_hash: `v${i}` }), i, at(i * MINUTE), T0 + i);
      expect(memory.size).toBeLessThanOrEqual(3);
    }
    expect(memory.candidates(visitorKey({ ...visitor, visitor_hash: "v7" }))).toEqual([7]);
    expect(memory.candidates(visitorKey({ ...visitor, visitor_hash: "v1" }))).toEqual([]);
    // v1…v6 were let go: a look-up reaching back to them is not this memory's to answer.
    expect(memory.covers(at(5 * MINUTE))).toBe(false);
    expect(memory.covers(at(6 * MINUTE))).toBe(true);
  });

  it("while loading covers only what comes after its start, and the window once loaded()", () => {
    const memory = new RecentVisitors(T0, { windowMs: HOUR, loading: true });
    expect(memory.loadFrom).toBe("2026-01-01T00:00:00.000Z");
    expect(memory.covers(at(-30 * MINUTE))).toBe(false);
    expect(memory.covers(at(0))).toBe(true);
    memory.loaded();
    expect(memory.covers(at(-30 * MINUTE))).toBe(true);
    expect(memory.coveredFrom).toBe(memory.loadFrom);
  });

  it("knows a remembered click is the visitor's newest when it is newer than all let go", () => {
    const memory = new RecentVisitors(T0, { windowMs: HOUR, generationMs: HOUR, maxEntries: 2 });
    for (let i = 1; i <= 4; i++) {
      memory.add(visitorKey({ ...visitor, visitor_hash: `v${i}` }), i, at(i * MINUTE), T0 + i);
    }
    // v1 and v2 (one generation) were let go for the budget.
    expect(memory.newerThanUncovered(at(2 * MINUTE))).toBe(false);
    expect(memory.newerThanUncovered(at(3 * MINUTE))).toBe(true);
  });
});

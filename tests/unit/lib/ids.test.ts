import { describe, expect, it } from "vitest";
import { newId, randomBase62 } from "../../../server/lib/ids";

describe("ids", () => {
  it("are the prefix and 24 base62 characters, valid as Stripe client_reference_id", () => {
    for (const prefix of ["clk", "conv", "req"] as const) {
      expect(newId(prefix)).toMatch(new RegExp(`^${prefix}_[0-9A-Za-z]{24}$`));
    }
  });

  it("sort by creation time, so inserts append to the primary-key index", async () => {
    const first = newId("clk");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = newId("clk");
    expect(second > first).toBe(true);
  });

  it("never repeat", () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId("clk")));
    expect(ids.size).toBe(20_000);
  });

  it("draws every base62 character about equally often", () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(62_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(800);
      expect(count).toBeLessThan(1200);
    }
  });
});

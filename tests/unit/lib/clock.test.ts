import { describe, expect, it } from "vitest";
import { toIso } from "../../../server/lib/clock";

describe("toIso", () => {
  it("is exactly Date#toISOString across years, days and milliseconds", () => {
    const edges = [
      "1000-01-01T00:00:00.000Z",
      "1970-01-01T00:00:00.000Z",
      "2024-02-29T23:59:59.999Z",
      "2026-11-24T09:05:07.008Z",
      "2026-12-31T23:59:59.090Z",
      "9999-12-31T23:59:59.999Z",
    ].map((iso) => new Date(iso));
    // A fixed-seed sweep from year 1000 to 9999 (LCG), so a failure names a reproducible date.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const from = Date.parse("1000-01-01T00:00:00.000Z");
    const to = Date.parse("9999-12-31T23:59:59.999Z");
    const sweep = Array.from(
      { length: 20_000 },
      () => new Date(from + Math.floor(random() * (to - from))),
    );
    for (const date of [...edges, ...sweep]) expect(toIso(date)).toBe(date.toISOString());
  });

  it("leaves years outside 1000–9999 and invalid dates to Date#toISOString", () => {
    const far = new Date("+012345-06-07T08:09:10.011Z");
    expect(toIso(far)).toBe("+012345-06-07T08:09:10.011Z");
    expect(toIso(new Date("0999-12-31T23:59:59.999Z"))).toBe("0999-12-31T23:59:59.999Z");
    expect(() => toIso(new Date(Number.NaN))).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { clickDeltas, mergeDeltas } from "../../../server/stats/daily";
import { daysBetween, summariseStats } from "../../../server/stats/summarise";

const row = (fields: Partial<Parameters<typeof summariseStats>[0]["rows"][number]>) => ({
  day: "2026-03-01",
  partner_id: "prt_a",
  currency: "",
  clicks: 0,
  conversions: 0,
  attributed_conversions: 0,
  commission_cents: 0,
  commission_reversed_cents: 0,
  ...fields,
});

describe("stats summary", () => {
  it("lists every day of the range, across month ends and leap days", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toEqual([
      "2028-02-28",
      "2028-02-29",
      "2028-03-01",
    ]);
  });

  it("adds per day, per currency and per partner, and ranks partners", () => {
    const stats = summariseStats({
      mode: "test",
      from: "2026-03-01",
      to: "2026-03-02",
      partnerId: undefined,
      rows: [
        row({ clicks: 10, conversions: 2, attributed_conversions: 1 }),
        row({ currency: "EUR", commission_cents: 500 }),
        row({
          day: "2026-03-02",
          partner_id: "prt_b",
          clicks: 30,
          conversions: 2,
          attributed_conversions: 2,
        }),
        row({
          day: "2026-03-02",
          partner_id: "prt_b",
          currency: "JPY",
          commission_cents: 900,
          commission_reversed_cents: 100,
        }),
        row({ day: "2026-03-02", partner_id: "", conversions: 1 }),
      ],
      reasons: [
        { reason: "ATTRIBUTED", conversions: 3 },
        { reason: "CLICK_ID_MISSING", conversions: 2 },
      ],
    });
    expect(stats.days.map((d) => [d.date, d.clicks, d.conversions])).toEqual([
      ["2026-03-01", 10, 2],
      ["2026-03-02", 30, 3],
    ]);
    expect(stats.totals).toEqual({
      clicks: 40,
      conversions: 5,
      attributed_conversions: 3,
      attribution_rate: 0.6,
      commissions: [
        { currency: "EUR", amount_cents: 500, reversed_cents: 0 },
        { currency: "JPY", amount_cents: 900, reversed_cents: 100 },
      ],
    });
    expect(stats.top_partners.map((p) => p.partner_id)).toEqual(["prt_b", "prt_a"]);
    expect(stats.reasons.find((r) => r.reason === "MODE_MISMATCH")?.conversions).toBe(0);
    expect(stats.reasons.find((r) => r.reason === "CLICK_ID_MISSING")?.conversions).toBe(2);
  });

  it("has no attribution rate without conversions", () => {
    const stats = summariseStats({
      mode: "live",
      from: "2026-03-01",
      to: "2026-03-01",
      partnerId: undefined,
      rows: [],
      reasons: [],
    });
    expect(stats.totals.attribution_rate).toBeNull();
    expect(stats.days).toHaveLength(1);
  });
});

describe("aggregate deltas", () => {
  it("groups a click batch into one delta per merchant, mode, day and partner, sorted", () => {
    const click = (partner: string, at: string, mode: "test" | "live" = "test") =>
      ({ merchant_id: "mer_1", mode, partner_id: partner, created_at: at }) as never;
    const deltas = clickDeltas([
      click("prt_b", "2026-03-01T23:59:59.999Z"),
      click("prt_a", "2026-03-01T10:00:00.000Z"),
      click("prt_a", "2026-03-01T11:00:00.000Z"),
      click("prt_a", "2026-03-02T00:00:00.000Z"),
      click("prt_a", "2026-03-01T12:00:00.000Z", "live"),
    ]);
    expect(deltas.map((d) => [d.mode, d.day, d.partner_id, d.clicks])).toEqual([
      ["live", "2026-03-01", "prt_a", 1],
      ["test", "2026-03-01", "prt_a", 2],
      ["test", "2026-03-01", "prt_b", 1],
      ["test", "2026-03-02", "prt_a", 1],
    ]);
  });

  it("merges deltas of one key by adding every amount", () => {
    const key = {
      merchant_id: "m",
      mode: "test" as const,
      day: "2026-03-01",
      partner_id: "p",
      currency: "EUR",
    };
    const zero = {
      clicks: 0,
      conversions: 0,
      attributed_conversions: 0,
      commission_cents: 0,
      commission_reversed_cents: 0,
    };
    expect(
      mergeDeltas([
        { ...key, ...zero, commission_cents: 100 },
        { ...key, ...zero, commission_reversed_cents: 40 },
      ]),
    ).toEqual([{ ...key, ...zero, commission_cents: 100, commission_reversed_cents: 40 }]);
  });
});

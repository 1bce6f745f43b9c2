import { describe, expect, it } from "vitest";
import {
  describeProgramChange,
  type ProgramSettings,
} from "../../../../server/dashboard/src/lib/program-effects";

const format = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;
const base: ProgramSettings = {
  attribution_window_days: 30,
  commission: { type: "percent", percent: 20 },
  recurring_months: 0,
  attribution_model: "last_click",
};

describe("what a program change will do", () => {
  it("says nothing when nothing changes", () => {
    expect(describeProgramChange(base, { ...base }, format)).toEqual([]);
  });

  it("says a new window applies to new clicks only", () => {
    const [effect] = describeProgramChange(base, { ...base, attribution_window_days: 7 }, format);
    expect(effect).toMatchObject({
      field: "attribution_window_days",
      from: "30 days",
      to: "7 days",
    });
    expect(effect?.effect).toMatch(
      /^Applies to new clicks only: clicks recorded before the change keep their 30 days window/,
    );
  });

  it("names the commission before and after, and when it applies", () => {
    const [effect] = describeProgramChange(
      base,
      { ...base, commission: { type: "flat", amount_cents: 500, currency: "EUR" } },
      format,
    );
    expect(effect).toMatchObject({ from: "20% of each sale", to: "5.00 EUR per sale" });
    expect(effect?.effect).toMatch(/conversions reported from now on/);
  });

  it("describes recurring months and the attribution model", () => {
    const effects = describeProgramChange(
      base,
      { ...base, recurring_months: 12, attribution_model: "first_click" },
      format,
    );
    expect(effects.map((e) => [e.field, e.from, e.to])).toEqual([
      ["recurring_months", "first payment only", "12 months of renewals"],
      ["attribution_model", "last click", "first click"],
    ]);
    expect(effects[1]?.effect).toMatch(/first stored click is kept until it expires/);
  });
});

import { describe, expect, it } from "vitest";
import {
  describeProgramChange,
  type ProgramSettings,
  paymentsThatEarn,
} from "../../../../server/dashboard/src/lib/program-effects";

const format = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;
const base: ProgramSettings = {
  attribution_window_days: 30,
  commission: { type: "percent", percent: 20 },
  recurring_months: 0,
  attribution_model: "last_click",
  trial_bounty: null,
  commission_base_includes_shipping: false,
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
      ["recurring_months", "the first payment only", "the first 12 payments"],
      ["attribution_model", "last click", "first click"],
    ]);
    expect(effects[0]?.effect).toMatch(
      /counted from each subscription's first paid one \(the first included\)/,
    );
    expect(effects[1]?.effect).toMatch(/first stored click is kept until it expires/);
  });

  it("words recurring_months as payments, the first included: 0 and 1 are the first only", () => {
    expect(paymentsThatEarn(0)).toBe("the first payment only");
    expect(paymentsThatEarn(1)).toBe("the first payment only");
    expect(paymentsThatEarn(2)).toBe("the first 2 payments");
    const [effect] = describeProgramChange(base, { ...base, recurring_months: 1 }, format);
    expect(effect).toMatchObject({ from: "the first payment only", to: "the first payment only" });
  });

  it("describes a trial bounty set and removed", () => {
    const bounty = { amount_cents: 500, currency: "EUR" };
    const [set] = describeProgramChange(base, { ...base, trial_bounty: bounty }, format);
    expect(set).toMatchObject({
      field: "trial_bounty",
      from: "no trial bounty",
      to: "5.00 EUR per free sign-up",
    });
    expect(set?.effect).toMatch(/start free .* pay this flat amount/);
    const [removed] = describeProgramChange({ ...base, trial_bounty: bounty }, base, format);
    expect(removed?.effect).toMatch(/commissions start with their first payment above zero/);
  });

  it("describes the commission base with or without shipping", () => {
    const [effect] = describeProgramChange(
      base,
      { ...base, commission_base_includes_shipping: true },
      format,
    );
    expect(effect).toMatchObject({
      field: "commission_base_includes_shipping",
      from: "sale without tax and shipping",
      to: "sale without tax, with shipping",
    });
  });
});

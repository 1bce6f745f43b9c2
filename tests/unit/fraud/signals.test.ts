// Each fraud signal against its threshold.
import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_RULES, fraudRulesOf, fraudSignals } from "../../../server/fraud/signals";

const base = {
  partner_id: "prt_1",
  partner_email: "Ann@Example.com",
  customer_email: null,
  customer_id: null,
  other_partner_ids: [],
};

describe("fraudSignals", () => {
  it("self-referral: the same e-mail, whatever its case and spaces; not when either is unknown", () => {
    expect(
      fraudSignals(DEFAULT_FRAUD_RULES, { ...base, customer_email: " ann@example.COM" }),
    ).toEqual([{ signal: "SELF_REFERRAL", email: "ann@example.com" }]);
    expect(
      fraudSignals(DEFAULT_FRAUD_RULES, { ...base, customer_email: "bob@example.com" }),
    ).toEqual([]);
    expect(
      fraudSignals(DEFAULT_FRAUD_RULES, { ...base, partner_email: null, customer_email: "x@y.z" }),
    ).toEqual([]);
  });

  it("many partners: at the threshold (this partner counted), not below; 0 turns it off", () => {
    const two = { ...base, customer_id: "cus_1", other_partner_ids: ["prt_2"] };
    const three = { ...two, other_partner_ids: ["prt_2", "prt_3"] };
    expect(fraudSignals(DEFAULT_FRAUD_RULES, two)).toEqual([]);
    expect(fraudSignals(DEFAULT_FRAUD_RULES, three)[0]).toMatchObject({
      signal: "CUSTOMER_MANY_PARTNERS",
      partner_ids: ["prt_1", "prt_2", "prt_3"],
    });
    expect(fraudSignals({ ...DEFAULT_FRAUD_RULES, customer_partners: 0 }, three)).toEqual([]);
  });

  it("stored rules override the defaults field by field", () => {
    expect(fraudRulesOf(JSON.stringify({ customer_partners: 5 }))).toEqual({
      ...DEFAULT_FRAUD_RULES,
      customer_partners: 5,
    });
    expect(fraudRulesOf(null)).toBe(DEFAULT_FRAUD_RULES);
  });
});

// Each fraud signal against its threshold.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_FRAUD_RULES,
  fraudRulesOf,
  fraudSignals,
  visitorBurst,
} from "../../../server/fraud/signals";

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
    ).toEqual([{ signal: "SELF_REFERRAL", matched: "email" }]);
    expect(
      fraudSignals(DEFAULT_FRAUD_RULES, { ...base, customer_email: "bob@example.com" }),
    ).toEqual([]);
    expect(
      fraudSignals(DEFAULT_FRAUD_RULES, { ...base, partner_email: null, customer_email: "x@y.z" }),
    ).toEqual([]);
  });

  it("self-referral: the partner's own Stripe customer, compared exactly; one signal when the e-mail matches too", () => {
    const own = { ...base, partner_stripe_customer_id: "cus_AnnOwn1" };
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...own, customer_id: "cus_AnnOwn1" })).toEqual([
      { signal: "SELF_REFERRAL", matched: "stripe_customer" },
    ]);
    expect(
      fraudSignals(DEFAULT_FRAUD_RULES, {
        ...own,
        customer_id: "cus_AnnOwn1",
        customer_email: "ann@example.com",
      }),
    ).toEqual([{ signal: "SELF_REFERRAL", matched: "stripe_customer" }]);
    // Another customer, or the id in another case (Stripe's ids are case-sensitive): no match.
    for (const customer_id of ["cus_Other2", "cus_annown1", null]) {
      expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...own, customer_id })).toEqual([]);
    }
    // A partner without one is never matched by the customer id, even a missing one.
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...base, customer_id: null })).toEqual([]);
    expect(
      fraudSignals(
        { ...DEFAULT_FRAUD_RULES, self_referral: false },
        { ...own, customer_id: "cus_AnnOwn1" },
      ),
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

  it("visitor clicks: more than the limit fires, at the limit not; 0 turns it off", () => {
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...base, visitor_clicks: 5 })).toEqual([]);
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...base, visitor_clicks: 6 })).toEqual([
      { signal: "VISITOR_CLICK_BURST", clicks: 6, limit: 5, minutes: 10 },
    ]);
    expect(
      fraudSignals({ ...DEFAULT_FRAUD_RULES, visitor_clicks: 0 }, { ...base, visitor_clicks: 60 }),
    ).toEqual([]);
  });

  it("seconds after the click: under the limit fires (a little before the click too)", () => {
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...base, seconds_after_click: 9.9 })).toEqual([
      { signal: "CONVERSION_SECONDS_AFTER_CLICK", seconds: 9.9, limit: 10 },
    ]);
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...base, seconds_after_click: -2 })).toHaveLength(1);
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...base, seconds_after_click: 10 })).toEqual([]);
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...base, seconds_after_click: null })).toEqual([]);
    expect(
      fraudSignals(
        { ...DEFAULT_FRAUD_RULES, click_seconds: 0 },
        { ...base, seconds_after_click: 0 },
      ),
    ).toEqual([]);
  });

  it("automated browser: a conversion under automated_seconds after its click fires, with seconds-after-click when that fires too", () => {
    const automated = { ...base, automated: true };
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...automated, seconds_after_click: 120 })).toEqual([
      { signal: "AUTOMATED_BROWSER", seconds: 120, limit: 600 },
    ]);
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...automated, seconds_after_click: 3 })).toEqual([
      { signal: "CONVERSION_SECONDS_AFTER_CLICK", seconds: 3, limit: 10 },
      { signal: "AUTOMATED_BROWSER", seconds: 3, limit: 600 },
    ]);
    expect(fraudSignals(DEFAULT_FRAUD_RULES, { ...automated, seconds_after_click: 600 })).toEqual(
      [],
    );
    // A person's browser, a minute after the click: nothing.
    expect(
      fraudSignals(DEFAULT_FRAUD_RULES, { ...base, automated: false, seconds_after_click: 60 }),
    ).toEqual([]);
    expect(
      fraudSignals(
        { ...DEFAULT_FRAUD_RULES, automated_seconds: 0 },
        { ...automated, seconds_after_click: 60 },
      ),
    ).toEqual([]);
  });

  it("network clicks: more than the limit (the count recorded with the click) fires; 0 turns it off", () => {
    expect(
      fraudSignals(DEFAULT_FRAUD_RULES, { ...base, network_clicks: { clicks: 51, minutes: 10 } }),
    ).toEqual([{ signal: "NETWORK_CLICK_BURST", clicks: 51, limit: 50, minutes: 10 }]);
    // Recorded over a lower limit the program has raised since: judged by today's limit.
    expect(
      fraudSignals(DEFAULT_FRAUD_RULES, { ...base, network_clicks: { clicks: 50, minutes: 10 } }),
    ).toEqual([]);
    expect(
      fraudSignals(
        { ...DEFAULT_FRAUD_RULES, network_clicks: 0 },
        { ...base, network_clicks: { clicks: 500, minutes: 10 } },
      ),
    ).toEqual([]);
  });
});

describe("visitorBurst", () => {
  const min = 60_000;
  it("the densest window of the given length that contains the click", () => {
    // Clicks at 0..5 minutes, the sale's click the last: all six in ten minutes.
    expect(
      visitorBurst(
        [0, 1, 2, 3, 4, 5].map((m) => m * min),
        5 * min,
        10 * min,
      ),
    ).toBe(6);
    // Three minutes apart: at most four in any ten minutes.
    expect(
      visitorBurst(
        [0, 3, 6, 9, 12, 15].map((m) => m * min),
        15 * min,
        10 * min,
      ),
    ).toBe(4);
    // A burst that ended more than the window before the click does not count.
    expect(
      visitorBurst(
        [0, 1, 2, 3, 4, 30].map((m) => m * min),
        30 * min,
        10 * min,
      ),
    ).toBe(1);
    // Clicks after the click count, within the window.
    expect(
      visitorBurst(
        [0, 1, 2, 3].map((m) => m * min),
        0,
        10 * min,
      ),
    ).toBe(4);
  });
});

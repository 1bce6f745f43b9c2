import { describe, expect, it } from "vitest";
import {
  type AttributionFacts,
  addMonths,
  attributionWindowEnd,
  CLICK_CLOCK_DRIFT_TOLERANCE_MS,
  type ClickFacts,
  decideAttribution,
  type RecurringFacts,
  recurringEarnsBefore,
} from "../../../server/attribution/decide";
import { ATTRIBUTION_REASONS } from "../../../server/contract/attribution-reasons";

const click: ClickFacts = {
  id: "clk_a",
  mode: "test",
  created_at: "2026-01-01T00:00:00.000Z",
  partner_id: "prt_a",
  partner_status: "approved",
  program_id: "prg_a",
  expires_at: "2026-01-31T00:00:00.000Z",
  attribution_model: "last_click",
};

function facts(
  overrides: Partial<AttributionFacts> = {},
  clickOverrides: Partial<ClickFacts> = {},
) {
  return {
    click_id: "clk_a",
    conversion_mode: "test",
    occurred_at: "2026-01-10T00:00:00.000Z",
    click: { ...click, ...clickOverrides },
    ...overrides,
  } satisfies AttributionFacts;
}

describe("decideAttribution: each reason", () => {
  it("attributes a same-mode click within the window for an approved partner", () => {
    expect(decideAttribution(facts())).toEqual({ decision: "attributed", reason: "ATTRIBUTED" });
  });

  it.each([null, "", "   "])("CLICK_ID_MISSING for click_id %j", (clickId) => {
    expect(decideAttribution(facts({ click_id: clickId, click: null }))).toEqual({
      decision: "unattributed",
      reason: "CLICK_ID_MISSING",
    });
  });

  it("CLICK_NOT_FOUND when no click of the merchant has the id", () => {
    expect(decideAttribution(facts({ click: null })).reason).toBe("CLICK_NOT_FOUND");
  });

  it("MODE_MISMATCH when the click was made in the other mode, both ways", () => {
    expect(decideAttribution(facts({}, { mode: "live" })).reason).toBe("MODE_MISMATCH");
    expect(decideAttribution(facts({ conversion_mode: "live" })).reason).toBe("MODE_MISMATCH");
  });

  it("ATTRIBUTION_WINDOW_EXPIRED one millisecond after the click's expiry, not at it", () => {
    const end = attributionWindowEnd(click);
    expect(end).toBe("2026-01-31T00:00:00.000Z");
    expect(decideAttribution(facts({ occurred_at: end })).reason).toBe("ATTRIBUTED");
    expect(decideAttribution(facts({ occurred_at: "2026-01-31T00:00:00.001Z" })).reason).toBe(
      "ATTRIBUTION_WINDOW_EXPIRED",
    );
  });

  it("CLICK_AFTER_CONVERSION when the sale happened more than 5 minutes before its click", () => {
    expect(CLICK_CLOCK_DRIFT_TOLERANCE_MS).toBe(5 * 60_000);
    // The click: 2026-01-01T00:00:00Z. Up to five minutes earlier is clock drift.
    for (const occurred_at of ["2025-12-31T23:55:00.000Z", "2025-12-31T23:59:59.999Z"]) {
      expect(decideAttribution(facts({ occurred_at })).reason).toBe("ATTRIBUTED");
    }
    for (const occurred_at of ["2025-12-31T23:54:59.999Z", "2025-06-01T00:00:00.000Z"]) {
      expect(decideAttribution(facts({ occurred_at }))).toEqual({
        decision: "unattributed",
        reason: "CLICK_AFTER_CONVERSION",
      });
    }
  });

  it("uses the click's own expiry, which the snippet was told, not the program's window now", () => {
    const late = { occurred_at: "2026-02-20T00:00:00.000Z" };
    expect(decideAttribution(facts(late)).reason).toBe("ATTRIBUTION_WINDOW_EXPIRED");
    expect(decideAttribution(facts(late, { expires_at: "2026-03-02T00:00:00.000Z" })).reason).toBe(
      "ATTRIBUTED",
    );
  });

  it.each(["pending", "rejected", "suspended"] as const)(
    "PARTNER_NOT_APPROVED when the partner is %s",
    (status) => {
      expect(decideAttribution(facts({}, { partner_status: status }))).toEqual({
        decision: "unattributed",
        reason: "PARTNER_NOT_APPROVED",
      });
    },
  );

  it("attributes the given click whatever the program's attribution model", () => {
    expect(decideAttribution(facts({}, { attribution_model: "first_click" })).reason).toBe(
      "ATTRIBUTED",
    );
  });
});

describe("decideAttribution: order of the checks", () => {
  it("lists the reasons in the contract's order", () => {
    expect(ATTRIBUTION_REASONS).toEqual([
      "CLICK_ID_MISSING",
      "CLICK_NOT_FOUND",
      "MODE_MISMATCH",
      "CLICK_AFTER_CONVERSION",
      "ATTRIBUTION_WINDOW_EXPIRED",
      "PARTNER_NOT_APPROVED",
      "ATTRIBUTED",
      // Decided in conversions/record.ts for a failed click's ref, where the program says.
      "ATTRIBUTED_BY_REF",
      // Decided after the click's reason, by a partner's promotion code (conversions/promotion-code.ts).
      "ATTRIBUTED_PROMO_CODE",
    ]);
  });

  const beforeTheClick = { occurred_at: "2025-12-01T00:00:00.000Z" };
  it("mode mismatch wins over a sale before its click", () => {
    expect(decideAttribution(facts(beforeTheClick, { mode: "live" })).reason).toBe("MODE_MISMATCH");
  });
  it("a sale before its click wins over an unapproved partner", () => {
    expect(decideAttribution(facts(beforeTheClick, { partner_status: "suspended" })).reason).toBe(
      "CLICK_AFTER_CONVERSION",
    );
  });

  const expiredAndSuspended = { occurred_at: "2027-01-01T00:00:00.000Z" };
  it("a missing click id wins over everything (even a click found)", () => {
    expect(decideAttribution(facts({ click_id: null })).reason).toBe("CLICK_ID_MISSING");
  });
  it("mode mismatch wins over an expired window and an unapproved partner", () => {
    expect(
      decideAttribution(facts(expiredAndSuspended, { mode: "live", partner_status: "suspended" }))
        .reason,
    ).toBe("MODE_MISMATCH");
  });
  it("an expired window wins over an unapproved partner", () => {
    expect(
      decideAttribution(facts(expiredAndSuspended, { partner_status: "suspended" })).reason,
    ).toBe("ATTRIBUTION_WINDOW_EXPIRED");
  });
});

describe("decideAttribution: recurring payments", () => {
  const first: RecurringFacts = {
    first_conversion_id: "conv_first",
    first_status: "attributed",
    first_reason: "ATTRIBUTED",
    first_occurred_at: "2026-01-31T10:00:00.000Z",
    recurring_from: "2026-01-31T10:00:00.000Z",
    recurring_months: 2,
    period_start: "2026-02-28T09:59:00.000Z",
  };
  const renewal = (recurring: Partial<RecurringFacts>, clickOverrides: Partial<ClickFacts> = {}) =>
    decideAttribution(
      facts(
        {
          occurred_at: recurring.period_start ?? first.period_start,
          recurring: { ...first, ...recurring },
        },
        clickOverrides,
      ),
    );

  it("replaces the click's window by recurring_months, counted in payments from the first", () => {
    // 2 months: the first payment (at checkout) and the renewal of Feb 28; not Mar 31's.
    expect(renewal({})).toEqual({ decision: "attributed", reason: "ATTRIBUTED" });
    expect(renewal({ period_start: "2026-03-31T09:59:00.000Z" }).reason).toBe(
      "ATTRIBUTION_WINDOW_EXPIRED",
    );
  });

  it("12 months: payment 12 earns, payment 13 does not (the billing anchor a minute earlier)", () => {
    const monthly = (payment: number) =>
      renewal({
        recurring_months: 12,
        // Payment n bills the period starting n − 1 months after the anchor.
        period_start: addMonths("2026-01-31T09:59:00.000Z", payment - 1),
      }).reason;
    expect(monthly(2)).toBe("ATTRIBUTED");
    expect(monthly(12)).toBe("ATTRIBUTED");
    expect(monthly(13)).toBe("ATTRIBUTION_WINDOW_EXPIRED");
    expect(recurringEarnsBefore({ ...first, recurring_months: 12 })).toBe(
      "2027-01-30T10:00:00.000Z",
    );
  });

  it("counts from the first paid period when the subscription started free (a trial)", () => {
    const trial = { recurring_from: "2026-03-14T10:00:00.000Z", recurring_months: 2 };
    // Paid payments 1 and 2 (Mar 14, Apr 14) earn; the third does not.
    expect(renewal({ ...trial, period_start: "2026-03-14T10:00:00.000Z" }).reason).toBe(
      "ATTRIBUTED",
    );
    expect(renewal({ ...trial, period_start: "2026-04-14T10:00:00.000Z" }).reason).toBe(
      "ATTRIBUTED",
    );
    expect(renewal({ ...trial, period_start: "2026-05-14T10:00:00.000Z" }).reason).toBe(
      "ATTRIBUTION_WINDOW_EXPIRED",
    );
  });

  it("recurring_months 0 credits the first payment only, as 1 does", () => {
    expect(renewal({ recurring_months: 0 }).reason).toBe("ATTRIBUTION_WINDOW_EXPIRED");
    expect(renewal({ recurring_months: 1 }).reason).toBe("ATTRIBUTION_WINDOW_EXPIRED");
    const trialStart = { recurring_from: "2026-03-14T10:00:00.000Z", recurring_months: 0 };
    expect(renewal({ ...trialStart, period_start: "2026-03-14T10:00:00.000Z" }).reason).toBe(
      "ATTRIBUTED",
    );
  });

  it("a renewal of an unattributed first payment keeps the first payment's reason", () => {
    expect(renewal({ first_status: "unattributed", first_reason: "PARTNER_NOT_APPROVED" })).toEqual(
      { decision: "unattributed", reason: "PARTNER_NOT_APPROVED" },
    );
  });

  it("a partner suspended since the first payment earns nothing more", () => {
    expect(renewal({}, { partner_status: "suspended" }).reason).toBe("PARTNER_NOT_APPROVED");
  });
});

describe("addMonths", () => {
  it("clamps to the month's last day the way Stripe bills", () => {
    expect(addMonths("2026-01-31T10:00:00.000Z", 1)).toBe("2026-02-28T10:00:00.000Z");
    expect(addMonths("2026-01-31T10:00:00.000Z", 2)).toBe("2026-03-31T10:00:00.000Z");
    expect(addMonths("2028-01-31T00:00:00.000Z", 1)).toBe("2028-02-29T00:00:00.000Z");
    expect(addMonths("2026-11-15T00:00:00.000Z", 3)).toBe("2027-02-15T00:00:00.000Z");
    expect(addMonths("2026-05-05T00:00:00.000Z", 0)).toBe("2026-05-05T00:00:00.000Z");
  });
});

// The pure parts of integration health: the period's bounds, and the finding for clicks the
// snippet reports as failed in the browser (fed by the snippet's reports once they exist; the
// API tests produce every other finding from real data).
import { describe, expect, it } from "vitest";
import { HEALTH_KINDS } from "../../../server/health/counts";
import { buildHealthReport, type HealthFacts } from "../../../server/health/findings";
import { healthPeriod } from "../../../server/health/period";

const now = new Date("2026-03-10T12:00:00.000Z");
const period = healthPeriod(now, undefined, undefined);

const facts = (over: Partial<HealthFacts> = {}): HealthFacts => ({
  mode: "test",
  period: period as Exclude<typeof period, string>,
  counts: [],
  reasons: [],
  examples: [],
  stripe: { configuredModes: [], lastEvent: null, failures: [] },
  publishableKeys: [],
  ...over,
});

describe("the period", () => {
  it("defaults to the last seven days, now included", () => {
    expect(period).toEqual({
      gte: "2026-03-03T12:00:00.001Z",
      lt: "2026-03-10T12:00:00.001Z",
      fromDay: "2026-03-03",
      toDay: "2026-03-10",
    });
  });

  it("counts whole UTC days the period touches, and refuses empty or long ones", () => {
    expect(healthPeriod(now, "2026-03-01T00:00:00.000Z", "2026-03-02T00:00:00.000Z")).toMatchObject(
      { fromDay: "2026-03-01", toDay: "2026-03-01" },
    );
    expect(healthPeriod(now, "2026-03-02T00:00:00.000Z", "2026-03-01T00:00:00.000Z")).toMatch(
      /before/,
    );
    expect(healthPeriod(now, "2024-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z")).toMatch(
      /at most 366 days/,
    );
  });
});

describe("findings", () => {
  it("a healthy merchant without Stripe has none", () => {
    expect(buildHealthReport(facts()).findings).toEqual([]);
  });

  it("clicks that failed in the browser are an error per origin", () => {
    const report = buildHealthReport(
      facts({
        counts: [
          {
            kind: HEALTH_KINDS.clickFailedInBrowser,
            key_id: "key_1",
            subject: "https://shop.example",
            count: 4,
          },
        ],
      }),
    );
    expect(report.clicks_failed_in_browser).toEqual([
      { origin: "https://shop.example", clicks: 4 },
    ]);
    expect(report.findings).toMatchObject([
      {
        id: "server-clicks-failed-in-browser",
        severity: "error",
        section: "Clicks not appearing",
        evidence: ["https://shop.example: 4 failed clicks"],
      },
    ]);
  });
});

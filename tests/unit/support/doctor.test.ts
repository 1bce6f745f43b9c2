// The doctor's report, built from a session view exactly as the background builds it: findings
// come from the extension's rules untouched, the exit code follows them, secrets stay masked.
import { describe, expect, it } from "vitest";
import type { Page } from "../../../extension/session/events";
import { buildSessionView } from "../../../extension/session/view";
import { buildDoctorReport } from "../../../server/support/doctor/build";
import { formatDoctorReport } from "../../../server/support/doctor/format";
import { doctorReportSchema, verdict } from "../../../server/support/doctor/report";
import {
  CLICK_ID,
  debug,
  entries,
  healthyEvents,
  PAGE_URL,
  request,
  snapshot,
} from "../extension/timeline";

const page: Page = { pageId: "p1", tabId: 1, url: PAGE_URL, startedAt: 1000, documentToken: null };

function reportOf(events: Parameters<typeof entries>[0], complete = true) {
  const view = buildSessionView({
    tabId: 1,
    pages: [page],
    pageEntries: entries(events),
    allEntries: null,
  });
  const report = buildDoctorReport(view, {
    url: PAGE_URL,
    finalUrl: PAGE_URL,
    httpStatus: 200,
    checkedAt: new Date("2026-03-01T10:00:00Z"),
    extensionVersion: "0.1.0",
    complete,
  });
  return { view, report: doctorReportSchema.parse(report) };
}

describe("verdict", () => {
  const error = {
    id: "x",
    severity: "error" as const,
    section: "",
    symptom: "",
    cause: "",
    fix: "",
    evidence: [],
    consequences: [],
  };
  const warning = { ...error, severity: "warning" as const };

  it("is 1 for any error, even on a page that did not settle: what was seen is real", () => {
    expect(verdict([warning, error], true)).toEqual({ result: "problems", exitCode: 1 });
    expect(verdict([error], false)).toEqual({ result: "problems", exitCode: 1 });
  });

  it("is 2 for an unsettled page without errors: not a clean bill of health", () => {
    expect(verdict([warning], false)).toEqual({ result: "incomplete", exitCode: 2 });
  });

  it("is 0 for warnings and notes only", () => {
    expect(verdict([warning], true)).toEqual({ result: "ok", exitCode: 0 });
    expect(verdict([], true)).toEqual({ result: "ok", exitCode: 0 });
  });
});

describe("buildDoctorReport", () => {
  it("a healthy page: no findings, the click id, the requests with their ids, exit 0", () => {
    const { report } = reportOf(healthyEvents());
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ result: "ok", exitCode: 0, complete: true });
    expect(report.status.clickId).toBe(CLICK_ID);
    expect(report.requests).toContainEqual(
      expect.objectContaining({ method: "POST", status: 201, requestId: "req_click1" }),
    );
    expect(report.requestIds).toEqual(["req_click1", "req_check1"]);
    expect(report.timeline[0]).toEqual({
      at: "1970-01-01T00:00:01.000Z",
      kind: "navigation",
      text: `Navigated to ${PAGE_URL}`,
    });
  });

  it("carries the extension's findings as they are, worst first", () => {
    const events = [
      { kind: "navigation" as const, url: PAGE_URL },
      snapshot({ tags: [], storedClick: { local: null, cookie: null }, stripeLinks: [] }),
    ];
    const { view, report } = reportOf(events);
    expect(report.findings).toEqual(view.findings);
    expect(report.findings.map((f) => f.id)).toEqual(["snippet-missing"]);
    expect(report).toMatchObject({ result: "problems", exitCode: 1, counts: { error: 1 } });
    expect(report.status.snippet).toBe("missing");
  });

  it("a 429 names the limit and keeps Retry-After", () => {
    const events = healthyEvents()
      .filter((e) => e.kind !== "debug_event" || e.event.type !== "click_recorded")
      .map((e) => (e.kind === "request" ? request({ status: 429, retryAfter: "42" }) : e))
      .map((e) =>
        e.kind === "snapshot" ? snapshot({ storedClick: { local: null, cookie: null } }) : e,
      );
    events.push(debug({ type: "rate_limited", retry_after: 42, ref: "demo" }));
    const { report } = reportOf(events);
    expect(report.findings.map((f) => f.id)).toContain("rate-limited");
    expect(report.requests).toContainEqual(
      expect.objectContaining({ status: 429, retryAfter: "42" }),
    );
    expect(formatDoctorReport(report)).toContain("→ 429 (Retry-After: 42) · req_click1");
  });

  it("never prints a secret key, wherever it hides", () => {
    const secret = `sk_live_${"S".repeat(28)}`;
    const events = [
      ...healthyEvents(),
      request({ url: `https://api.selgeo.com/api/v1/clicks?k=${secret}` }),
    ];
    const { report } = reportOf(events);
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(JSON.stringify(report)).toContain("sk_live_…SSSS");
  });

  it("an unsettled page is incomplete, and the text says to allow more time", () => {
    const { report } = reportOf(healthyEvents(), false);
    expect(report).toMatchObject({ complete: false, result: "incomplete", exitCode: 2 });
    expect(formatDoctorReport(report)).toContain("larger --timeout");
  });
});

import { describe, expect, it } from "vitest";
import type { Finding } from "../../../../extension/diagnosis/finding";
import type { PageStatus } from "../../../../extension/diagnosis/status";
import { auditLogUrl } from "../../../../extension/ui/dashboardLinks";
import { healthSummary } from "../../../../extension/ui/health";

const status = (over: Partial<PageStatus> = {}): PageStatus => ({
  snippet: "loaded",
  key: "live",
  merchant: "Acme",
  ref: "ref=demo",
  clickId: "clk_abc",
  health: "ok",
  settled: true,
  ...over,
});

const finding = (over: Partial<Finding>): Finding => ({
  id: "x",
  severity: "error",
  section: "Snippet not loading",
  symptom: "s",
  cause: "Cause one. More detail here.",
  fix: "fix",
  evidence: [],
  consequences: [],
  ...over,
});

describe("healthSummary", () => {
  it("says healthy with the key's mode and the stored click", () => {
    expect(healthSummary(status(), [])).toMatchObject({
      tone: "ok",
      sentence:
        "Healthy: the Selgeo snippet loaded with a valid live key; click clk_abc is stored.",
    });
  });

  it("names the first root cause in one sentence and counts the other roots", () => {
    const roots = [
      finding({ id: "csp-script-src", cause: "CSP blocks the script: no. Really." }),
      finding({ id: "test-mode-key", severity: "warning", cause: "Wrong mode." }),
      finding({ id: "dev", severity: "info", cause: "Just so you know." }),
    ];
    const summary = healthSummary(status({ health: "error" }), roots);
    expect(summary.tone).toBe("error");
    expect(summary.root?.id).toBe("csp-script-src");
    expect(summary.sentence).toBe("Not working: CSP blocks the script: no. (+1 more)");
  });

  it("is a warning when the worst root cause is one", () => {
    const summary = healthSummary(status({ health: "warning" }), [
      finding({ severity: "warning", cause: "Wrong mode: a test key." }),
    ]);
    expect(summary).toMatchObject({
      tone: "warning",
      sentence: "Needs attention: Wrong mode: a test key.",
    });
  });

  it("keeps info-only pages healthy", () => {
    const summary = healthSummary(status({ key: "test" }), [finding({ severity: "info" })]);
    expect(summary.tone).toBe("ok");
  });

  it("says when the page has no Selgeo, and waits before it settles", () => {
    expect(
      healthSummary(status({ health: null }), [finding({ id: "snippet-missing" })]),
    ).toMatchObject({
      tone: "none",
      sentence: "No Selgeo snippet on this page: no click can be recorded here.",
    });
    expect(healthSummary(status({ health: null, settled: false }), []).tone).toBe("pending");
  });
});

describe("audit log links", () => {
  it("open the dashboard under the API base, keeping a first-party path prefix", () => {
    expect(auditLogUrl("https://api.selgeo.com", "req_1")).toBe(
      "https://api.selgeo.com/dashboard/audit?q=req_1",
    );
    expect(auditLogUrl("https://shop.example/_selgeo/", "clk_a b")).toBe(
      "https://shop.example/_selgeo/dashboard/audit?q=clk_a%20b",
    );
    expect(auditLogUrl(null, "req_1")).toBeNull();
    expect(auditLogUrl("javascript:alert(1)", "req_1")).toBeNull();
  });
});

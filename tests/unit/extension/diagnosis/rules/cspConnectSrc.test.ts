import { describe, expect, it } from "vitest";
import { cspConnectSrc } from "../../../../../extension/diagnosis/rules/cspConnectSrc";
import { API, debug, healthyWith, violation } from "../../timeline";

describe("cspConnectSrc", () => {
  it("writes connect-src from the page's policy plus the real API origin", () => {
    const o = healthyWith(
      [
        violation({
          blockedUrl: `${API}/api/v1/clicks`,
          effectiveDirective: "connect-src",
          violatedDirective: "connect-src",
          originalPolicy:
            "script-src 'self' https://cdn.selgeo.com; connect-src 'self' https://sentry.io",
        }),
        debug({ type: "click_failed", status: 0, ref: "demo" }),
      ],
      { without: ["request"] },
    );
    const finding = cspConnectSrc(o);
    expect(finding).toMatchObject({
      id: "csp-connect-src",
      severity: "error",
      section: "Clicks not appearing",
    });
    const fix = finding && !Array.isArray(finding) ? finding.fix : "";
    expect(fix).toContain(
      "  connect-src 'self' https://sentry.io  →  connect-src 'self' https://sentry.io https://api.selgeo.com",
    );
    expect(fix).toContain(
      "Content-Security-Policy: script-src 'self' https://cdn.selgeo.com; connect-src 'self' https://sentry.io https://api.selgeo.com",
    );
  });

  it("adds the API to default-src when that is what governs", () => {
    const o = healthyWith([
      violation({
        blockedUrl: `${API}/api/v1/clicks`,
        effectiveDirective: "connect-src",
        originalPolicy: "default-src 'self' https://cdn.selgeo.com",
      }),
    ]);
    const finding = cspConnectSrc(o);
    expect(finding && !Array.isArray(finding) && finding.fix).toContain(
      "Content-Security-Policy: default-src 'self' https://cdn.selgeo.com https://api.selgeo.com",
    );
  });

  it("ignores connect-src violations for other hosts", () => {
    const o = healthyWith([
      violation({
        blockedUrl: "https://metrics.example/collect",
        effectiveDirective: "connect-src",
      }),
    ]);
    expect(cspConnectSrc(o)).toBeNull();
  });
});

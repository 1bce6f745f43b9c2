import { describe, expect, it } from "vitest";
import { cspScriptSrc } from "../../../../../extension/diagnosis/rules/cspScriptSrc";
import { healthyWith, tag, violation } from "../../timeline";

const blocked = {
  without: ["request" as const, "debug_event" as const],
  snapshot: { tags: [tag({ loadState: "error" })] },
};

describe("cspScriptSrc", () => {
  it("writes the page's own script-src with the CDN added, and connect-src when it blocks the API too", () => {
    const finding = cspScriptSrc(healthyWith([violation()], blocked));
    expect(finding).toMatchObject({ id: "csp-script-src", severity: "error" });
    const fix = finding && !Array.isArray(finding) ? finding.fix : "";
    expect(fix).toContain("Change these lines of your Content-Security-Policy:");
    expect(fix).toContain(
      "Content-Security-Policy: default-src 'self' https://api.selgeo.com; script-src 'self' https://js.stripe.com https://cdn.selgeo.com",
    );
  });

  it("does not ask for connect-src when the policy already allows the API", () => {
    const policy = "script-src 'self'; connect-src 'self' https://api.selgeo.com";
    const finding = cspScriptSrc(healthyWith([violation({ originalPolicy: policy })], blocked));
    const fix = finding && !Array.isArray(finding) ? finding.fix : "";
    expect(fix.split("\n").slice(0, 2)).toEqual([
      "Change one line of your Content-Security-Policy:",
      "  script-src 'self'  →  script-src 'self' https://cdn.selgeo.com",
    ]);
    expect(fix).toContain(
      "Content-Security-Policy: script-src 'self' https://cdn.selgeo.com; connect-src 'self' https://api.selgeo.com",
    );
  });

  it("points at the nonce when the policy uses 'strict-dynamic'", () => {
    const policy = "script-src 'nonce-abc' 'strict-dynamic'; connect-src *";
    const finding = cspScriptSrc(healthyWith([violation({ originalPolicy: policy })], blocked));
    expect(finding && !Array.isArray(finding) && finding.fix).toContain("nonce");
  });

  it("ignores report-only policies, which block nothing", () => {
    expect(cspScriptSrc(healthyWith([violation({ disposition: "report" })]))).toBeNull();
  });

  it("ignores violations for other hosts", () => {
    expect(
      cspScriptSrc(healthyWith([violation({ blockedUrl: "https://ads.example/x.js" })])),
    ).toBeNull();
  });
});

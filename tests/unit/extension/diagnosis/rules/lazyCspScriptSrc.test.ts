import { describe, expect, it } from "vitest";
import { diagnose } from "../../../../../extension/diagnosis/diagnose";
import { lazyCspScriptSrc } from "../../../../../extension/diagnosis/rules/lazyCspScriptSrc";
import { LAZY_SRC, lazyFailedWith, SNIPPET_SRC, violation } from "../../timeline";

/** The policy names selgeo.js by its full path: its sibling is refused. */
const BY_PATH = `default-src 'self'; script-src 'self' ${SNIPPET_SRC}`;
const refused = (overrides: Parameters<typeof violation>[0] = {}) =>
  violation({ blockedUrl: LAZY_SRC, originalPolicy: BY_PATH, ...overrides });

describe("lazyCspScriptSrc", () => {
  it("names selgeo-lazy.js and adds it beside selgeo.js in the page's own policy", () => {
    const finding = lazyCspScriptSrc(lazyFailedWith([refused()]));
    expect(finding).toMatchObject({
      id: "lazy-csp-script-src",
      severity: "error",
      section: "click_id missing",
    });
    const f = finding && !Array.isArray(finding) ? finding : null;
    expect(f?.cause).toContain(`admits selgeo.js but not ${LAZY_SRC}`);
    expect(f?.fix.split("\n")[0]).toBe(
      `Add ${LAZY_SRC} beside selgeo.js in your script-src (or the origin https://cdn.selgeo.com, which admits both files).`,
    );
    expect(f?.fix).toContain(
      `  script-src 'self' ${SNIPPET_SRC}  →  script-src 'self' ${SNIPPET_SRC} ${LAZY_SRC}`,
    );
    expect(f?.fix).toContain(
      `Content-Security-Policy: default-src 'self'; script-src 'self' ${SNIPPET_SRC} ${LAZY_SRC}`,
    );
    expect(f?.evidence).toContain(`Blocked by CSP script-src-elem: ${LAZY_SRC}`);
  });

  it("a report cut to the origin is the lazy part's when the policy admits selgeo.js", () => {
    const o = lazyFailedWith([refused({ blockedUrl: "https://cdn.selgeo.com" })]);
    expect(o.cspViolations).toEqual([]);
    expect(lazyCspScriptSrc(o)).toMatchObject({ id: "lazy-csp-script-src" });
  });

  it("is the root: csp-script-src stays quiet (selgeo.js ran) and the missing click is its consequence", () => {
    const findings = diagnose(lazyFailedWith([refused()]));
    expect(findings.map((f) => [f.id, f.consequences.map((c) => c.id)])).toEqual([
      ["lazy-csp-script-src", ["click-not-recorded"]],
    ]);
    const consequence = findings[0]?.consequences[0];
    expect(consequence?.fix).toContain("once selgeo-lazy.js loads");
    // The click does appear in the dashboard: its id is what is missing.
    expect(consequence?.section).toBe("click_id missing");
    expect(consequence?.cause).toContain("counts the click");
  });

  it("ignores a report-only policy, which blocks nothing", () => {
    expect(lazyCspScriptSrc(lazyFailedWith([refused({ disposition: "report" })]))).toBeNull();
  });

  it("leaves a policy that blocks selgeo.js itself to csp-script-src", () => {
    const o = lazyFailedWith([violation({ blockedUrl: "https://cdn.selgeo.com" })]);
    expect(lazyCspScriptSrc(o)).toBeNull();
    expect(o.cspViolations).toHaveLength(1);
  });
});

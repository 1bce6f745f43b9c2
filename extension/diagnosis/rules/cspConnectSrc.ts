// Guide › Snippet not loading › 2. The snippet runs but the page's CSP `connect-src` blocks its
// call to the API, so no click is ever recorded.
import { cspFix } from "../csp";
import { describeViolation } from "../evidence";
import type { Rule } from "../finding";
import { SNIPPET_NOT_LOADING } from "../guide";
import type { Observations } from "../observations";

export const cspConnectSrc: Rule<Observations> = (o) => {
  const violation = o.cspViolations.find(
    (v) => v.disposition === "enforce" && v.effectiveDirective === "connect-src",
  );
  if (!violation || !o.apiOrigin) return null;
  const fix = cspFix(violation.originalPolicy, "connect-src", o.apiOrigin);
  return {
    id: "csp-connect-src",
    severity: "error",
    ...SNIPPET_NOT_LOADING,
    cause: `Content Security Policy (CSP) is blocking the request: connect-src does not allow the Selgeo API at ${o.apiOrigin}, so clicks cannot be sent.`,
    fix: `Change your Content-Security-Policy to:\n${fix.lines.join("\n")}`,
    evidence: describeViolation(violation),
  };
};

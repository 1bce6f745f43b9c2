// Guide › Snippet not loading › 2. The page's Content Security Policy blocks the snippet file.
// The fix is the page's own script-src with the real snippet origin added (and connect-src too
// when the same policy would block the click request next).
import { cspFix, policyAllows } from "../csp";
import { describeViolation } from "../evidence";
import type { Rule } from "../finding";
import { SNIPPET_NOT_LOADING } from "../guide";
import type { Observations } from "../observations";

export const cspScriptSrc: Rule<Observations> = (o) => {
  const violation = o.cspViolations.find(
    (v) => v.disposition === "enforce" && v.effectiveDirective !== "connect-src",
  );
  if (!violation || !o.snippetOrigin) return null;
  const policy = violation.originalPolicy;
  const script = cspFix(policy, "script-src", o.snippetOrigin);
  const lines = [...script.lines];
  const self = o.pageUrl ? new URL(o.pageUrl).origin : o.snippetOrigin;
  if (o.apiOrigin && !policyAllows(policy, "connect-src", `${o.apiOrigin}/api/v1/clicks`, self)) {
    lines.push(...cspFix(policy, "connect-src", o.apiOrigin).lines);
  }
  const nonceNote = script.strictDynamic
    ? " Your script-src uses 'strict-dynamic', which ignores host sources: also give the snippet tag the page's nonce (nonce=\"…\")."
    : "";
  return {
    id: "csp-script-src",
    severity: "error",
    ...SNIPPET_NOT_LOADING,
    cause: `Content Security Policy (CSP) is blocking the script: ${violation.effectiveDirective} does not allow ${o.snippetOrigin}.`,
    fix: `Change your Content-Security-Policy to:\n${lines.join("\n")}${nonceNote}`,
    evidence: describeViolation(violation),
  };
};

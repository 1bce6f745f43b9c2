// Guide › Snippet not loading › 2. The page's Content Security Policy blocks the snippet file.
// The fix is the page's whole policy with the real snippet origin added where script loads are
// governed (and the API's origin too when the same policy would block the click request next).
import type { SourceNeed } from "../csp";
import { cspFixText } from "../cspFixText";
import { describeViolation } from "../evidence";
import type { Rule } from "../finding";
import { SNIPPET_NOT_LOADING } from "../guide";
import type { Observations } from "../observations";

export const cspScriptSrc: Rule<Observations> = (o) => {
  const violations = o.cspViolations.filter((v) => v.effectiveDirective !== "connect-src");
  const violation = violations.find((v) => v.disposition === "enforce");
  if (!violation || !o.snippetOrigin) return null;
  const self = o.pageUrl ? new URL(o.pageUrl).origin : o.snippetOrigin;
  const needs: SourceNeed[] = [
    { directive: "script-src-elem", url: o.tag?.src ?? o.snippetOrigin, source: o.snippetOrigin },
  ];
  if (o.apiOrigin && o.apiBase) {
    needs.push({
      directive: "connect-src",
      url: `${o.apiBase}/api/v1/clicks`,
      source: o.apiOrigin,
    });
  }
  const fix = cspFixText(violations, needs, self);
  return {
    id: "csp-script-src",
    severity: "error",
    ...SNIPPET_NOT_LOADING,
    cause: `Content Security Policy (CSP) is blocking the script: ${violation.effectiveDirective} does not allow ${o.snippetOrigin}.`,
    fix:
      fix?.text ??
      `Add ${o.snippetOrigin} to the script-src directive of your Content-Security-Policy.`,
    evidence: violations.flatMap(describeViolation),
  };
};

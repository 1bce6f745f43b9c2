// Guide › Snippet not loading › 2 (its connect-src advice), seen as "Clicks not appearing": the
// snippet runs but the page's CSP blocks its call to the API, so no click is ever recorded. Found
// in every layout — also when snippet and API share the Selgeo server's one origin.
import { cspFixText } from "../cspFixText";
import { describeViolation } from "../evidence";
import type { Rule } from "../finding";
import { CLICKS_NOT_APPEARING } from "../guide";
import type { Observations } from "../observations";

export const cspConnectSrc: Rule<Observations> = (o) => {
  const violations = o.cspViolations.filter((v) => v.effectiveDirective === "connect-src");
  const violation = violations.find((v) => v.disposition === "enforce");
  if (!violation || !o.apiOrigin || !o.apiBase) return null;
  const self = o.pageUrl ? new URL(o.pageUrl).origin : o.apiOrigin;
  const fix = cspFixText(
    violations,
    [{ directive: "connect-src", url: `${o.apiBase}/api/v1/clicks`, source: o.apiOrigin }],
    self,
  );
  return {
    id: "csp-connect-src",
    severity: "error",
    ...CLICKS_NOT_APPEARING,
    cause: `Content Security Policy (CSP) is blocking the request: the snippet loaded, but connect-src does not allow the Selgeo API at ${o.apiOrigin}, so clicks cannot be sent.`,
    fix:
      fix?.text ??
      `Add ${o.apiOrigin} to the connect-src directive of your Content-Security-Policy.`,
    evidence: violations.flatMap(describeViolation),
  };
};

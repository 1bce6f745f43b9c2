// Guide › click_id missing, from the CSP advice of Snippet not loading › 2: selgeo-lazy.js is
// refused by the page's Content Security Policy while selgeo.js was let through: a policy that
// names selgeo.js by its full path (`https://cdn.selgeo.com/v1/selgeo.js`) admits that one file,
// not its sibling. The fix names the sibling beside it, or the origin for both.
import { cspFixText } from "../cspFixText";
import { describeViolation } from "../evidence";
import type { Rule } from "../finding";
import { CLICK_ID_MISSING } from "../guide";
import { originOf } from "../hosts";
import { LAZY_FILE_LOST, lazyContext } from "../lazy";
import type { Observations } from "../observations";

export const lazyCspScriptSrc: Rule<Observations> = (o) => {
  const violations = o.lazyCspViolations;
  const violation = violations.find((v) => v.disposition === "enforce");
  const lazyUrl = o.lazyUrl;
  if (!violation || !lazyUrl) return null;
  const origin = originOf(lazyUrl);
  const self = originOf(o.pageUrl) ?? origin ?? "null";
  const corrected = cspFixText(
    violations,
    [{ directive: "script-src-elem", url: lazyUrl, source: lazyUrl }],
    self,
  );
  return {
    id: "lazy-csp-script-src",
    severity: "error",
    ...CLICK_ID_MISSING,
    cause: `Content Security Policy (CSP) is blocking selgeo-lazy.js, the part selgeo.js loads beside itself: ${violation.effectiveDirective} admits selgeo.js but not ${lazyUrl}. ${LAZY_FILE_LOST}`,
    fix: [
      `Add ${lazyUrl} beside selgeo.js in your script-src (or the origin ${origin}, which admits both files).`,
      ...(corrected ? [corrected.text] : []),
    ].join("\n"),
    evidence: [...lazyContext(o), ...violations.flatMap(describeViolation)],
  };
};

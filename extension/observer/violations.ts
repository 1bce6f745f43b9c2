// Keeps the CSP violations that concern Selgeo: the snippet file, its lazy part or a call to the
// API.
import { isSnippetSrc } from "../../snippet/protocol";
import { isApiViolationUrl, originOf, selgeoOrigins } from "../diagnosis/hosts";
import type { CspViolation, SnippetTag } from "../session/events";

export function toCspViolation(event: SecurityPolicyViolationEvent): CspViolation {
  return {
    kind: "csp_violation",
    blockedUrl: event.blockedURI,
    effectiveDirective: event.effectiveDirective,
    violatedDirective: event.violatedDirective,
    originalPolicy: event.originalPolicy,
    disposition: event.disposition === "report" ? "report" : "enforce",
  };
}

export function concernsSelgeo(v: CspViolation, tags: SnippetTag[], pageUrl: string): boolean {
  if (isSnippetSrc(v.blockedUrl)) return true;
  const origin = originOf(v.blockedUrl);
  if (!origin) return false;
  const origins = selgeoOrigins(tags, pageUrl);
  return (
    origins.snippet.includes(origin) ||
    origins.lazy.includes(v.blockedUrl) ||
    origins.api.some((base) => isApiViolationUrl(v.blockedUrl, base))
  );
}

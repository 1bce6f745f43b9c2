// Guide › click_id missing: selgeo-lazy.js never arrived for another reason than a blocker, a CSP
// or a missing file: the host did not answer, or a server in front of it failed (5xx). It shares
// selgeo.js's host, so this is usually a proxy or CDN rule for that one path, or a passing outage.
import { describeRequest } from "../evidence";
import type { Rule } from "../finding";
import { CLICK_ID_MISSING } from "../guide";
import { originOf } from "../hosts";
import { LAZY_FILE_LOST, lazyContext, lazyFailure } from "../lazy";
import { answeredWithError } from "../netErrors";
import type { Observations } from "../observations";

export const lazyNetworkError: Rule<Observations> = (o) => {
  const request = o.lazyRequest;
  if (!request || lazyFailure(o) !== "network") return null;
  const serverError = answeredWithError(request);
  return {
    id: "lazy-network-error",
    severity: "error",
    ...CLICK_ID_MISSING,
    cause: `Network error loading selgeo-lazy.js: ${serverError ? `the server answered ${request.status}` : `the request failed with ${request.error}`}, though selgeo.js loaded from the same host. ${LAZY_FILE_LOST}`,
    fix: `Check that ${originOf(request.url)} serves ${request.url} to visitors as it serves selgeo.js: a proxy, CDN or firewall rule for that path (a first-party proxy must forward all of /v1/, not only /v1/selgeo.js). Reload to see whether the failure persists.`,
    evidence: [...lazyContext(o), describeRequest(request)],
  };
};

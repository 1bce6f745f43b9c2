// Guide › click_id missing, from Snippet not loading › 3: selgeo-lazy.js cancelled by an ad blocker
// or another extension while selgeo.js was let through: block lists that match the file name or
// path rather than the host (see ../netErrors).
import { describeRequest } from "../evidence";
import type { Rule } from "../finding";
import { CLICK_ID_MISSING } from "../guide";
import { LAZY_FILE_LOST, lazyContext, lazyFailure } from "../lazy";
import type { Observations } from "../observations";

export const lazyBlockedByClient: Rule<Observations> = (o) => {
  const request = o.lazyRequest;
  if (!request || lazyFailure(o) !== "blocked") return null;
  return {
    id: "lazy-blocked-by-client",
    severity: "error",
    ...CLICK_ID_MISSING,
    cause: `Ad blocker or browser extension is blocking selgeo-lazy.js: this browser cancelled it before it left (${request.error}), though selgeo.js ran. ${LAZY_FILE_LOST}`,
    fix: "Test in an incognito window with extensions disabled. Visitors who run such blockers are counted but not attributed in the browser; serving both selgeo.js and selgeo-lazy.js from your own domain (a first-party proxy, docs/first-party-proxy.md) avoids most block lists.",
    evidence: [...lazyContext(o), describeRequest(request)],
  };
};

// Guide › click_id missing: selgeo.js sent a click request, so it loaded selgeo-lazy.js to store
// the answer, yet the lazy part never ran by the time the page settled, and nothing more specific
// says why (no refusal by the CSP, a blocker, a missing file or the network): a file that arrived
// but did not run (an old or altered copy behind a cache, a script error), or a request this
// browser never made.
import { describeRequest } from "../evidence";
import type { Rule } from "../finding";
import { CLICK_ID_MISSING } from "../guide";
import { isClickEndpoint } from "../hosts";
import { LAZY_FILE_LOST, lazyContext, lazyFailure } from "../lazy";
import type { Observations } from "../observations";

/** A click request of this page's snippet: what makes it load its lazy part at once. */
const isClickRequest = (r: Observations["apiRequests"][number]) =>
  r.method === "POST" && isClickEndpoint(r.url);

export const lazyNotLoaded: Rule<Observations> = (o) => {
  if (!o.settled || o.lazyRan || !o.lazyUrl) return null;
  // Only a snippet heard on the debug channel: otherwise the lazy part's silence proves nothing.
  if (!o.debugEvents.some((e) => e.type === "loaded")) return null;
  const click = o.apiRequests.find(isClickRequest);
  if (!click) return null;
  // The lazy rules that name a cause explain it.
  if (lazyFailure(o)) return null;
  const request = o.lazyRequest;
  return {
    id: "lazy-not-loaded",
    severity: "warning",
    ...CLICK_ID_MISSING,
    cause: `selgeo.js sent the click request and loaded selgeo-lazy.js to store its answer, but the lazy part never ran on this page (${request ? "it was downloaded" : "no request for it was seen"}). ${LAZY_FILE_LOST}`,
    fix: `Open ${o.lazyUrl} in the browser: it must be Selgeo's selgeo-lazy.js of the same release as selgeo.js. Check the console for script errors, purge any cache in front of both files, then reload this page with the ref.`,
    evidence: [
      ...lazyContext(o),
      describeRequest(click),
      request ? describeRequest(request) : "No request for selgeo-lazy.js seen",
      `Debug events: ${o.debugEvents.map((e) => e.type).join(", ") || "none"}`,
    ],
  };
};

// Guide › Snippet not loading › 3. An ad blocker or another extension cancelled the request
// (Chrome reports net::ERR_BLOCKED_BY_CLIENT, Firefox NS_ERROR_ABORT: see ../netErrors).
import { describeRequest } from "../evidence";
import type { Rule } from "../finding";
import { SNIPPET_NOT_LOADING } from "../guide";
import { isBlockedByClient } from "../netErrors";
import type { Observations } from "../observations";

export const blockedByClient: Rule<Observations> = (o) => {
  const blocked = [o.snippetRequest, ...o.apiRequests].filter(
    (r) => r !== null && isBlockedByClient(r.error),
  );
  const first = blocked[0];
  if (!first) return null;
  const what = first === o.snippetRequest ? "the snippet file" : "the click request";
  return {
    id: "blocked-by-client",
    severity: "error",
    ...SNIPPET_NOT_LOADING,
    cause: `Ad blocker or browser extension is blocking the request: this browser cancelled ${what} before it left (${first.error}).`,
    fix: "Test in an incognito window with extensions disabled. Visitors who run such blockers are not tracked; serving selgeo.js from your own domain (the tag works wherever it is hosted) avoids host-based block lists.",
    evidence: blocked.map((r) => (r ? describeRequest(r) : "")),
  };
};

// Guide › Snippet not loading › 1. A typo in the script URL: the file answers 404, or its host
// does not resolve or refuses connections. The status comes from the response headers, so a 404
// whose body Chrome then blocked (ERR_BLOCKED_BY_ORB) still reads as what the server said.
import { OFFICIAL_CDN_HOST } from "../../../snippet/protocol";
import { describeRequest, requestIdNote } from "../evidence";
import type { Rule } from "../finding";
import { SNIPPET_NOT_LOADING } from "../guide";
import { answeredWithError, failedInNetwork } from "../netErrors";
import type { Observations } from "../observations";

const SNIPPET_PATH = "/v1/selgeo.js";

/** A wrong path on the right host is the usual typo; a right path that still fails points at the host. */
function suggestedSrc(src: string): string {
  const url = new URL(src);
  return url.pathname === SNIPPET_PATH
    ? `https://${OFFICIAL_CDN_HOST}${SNIPPET_PATH}`
    : `${url.origin}${SNIPPET_PATH}`;
}

export const snippetUrlTypo: Rule<Observations> = (o) => {
  const tag = o.tag;
  if (!tag?.src) return null;
  const request = o.snippetRequest;
  // The status comes from the response headers, so it holds even when the browser then dropped
  // the body (opaque-response blocking: Chrome's ERR_BLOCKED_BY_ORB, Firefox's NS_BINDING_ABORTED).
  const httpError = request != null && answeredWithError(request);
  const networkError = request != null && !httpError && failedInNetwork(request);
  // No request seen at all (e.g. the recorder started late) but the tag itself fired `error`.
  const unexplainedError =
    !request &&
    tag.loadState === "error" &&
    o.cspViolations.every((v) => v.effectiveDirective === "connect-src");
  if (!httpError && !networkError && !unexplainedError) return null;
  const what = httpError
    ? `the server answered ${request?.status} (${request ? requestIdNote(request) : ""}) for ${tag.src}`
    : networkError
      ? `the snippet host cannot be reached (${request?.error})`
      : "the snippet file failed to load";
  return {
    id: "snippet-url-typo",
    severity: "error",
    ...SNIPPET_NOT_LOADING,
    cause: `${httpError ? "Snippet URL typo" : "Script tag is malformed"}: ${what}. Check for typos in the URL.`,
    fix: `Point the tag at the snippet: src="${suggestedSrc(tag.src)}" (the official CDN is https://${OFFICIAL_CDN_HOST}${SNIPPET_PATH}).`,
    evidence: request ? [describeRequest(request)] : [`Script ${tag.src} fired an error event`],
  };
};

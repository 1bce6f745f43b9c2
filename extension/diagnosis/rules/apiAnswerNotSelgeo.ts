// Guide › Clicks not appearing › 4. The click request was answered, but not by Selgeo: a 2xx/3xx
// whose body is no click (the snippet says click_failed with that status and no error code). Most
// often a first-party proxy (`data-api="https://shop.example/_selgeo"`) that does not forward its
// path, so the shop answers with its own HTML page. A click that failed is never healthy.
import { clickFailures } from "../debugEvents";
import { describeRequest, isJson, requestIdNote } from "../evidence";
import type { Rule } from "../finding";
import { CLICKS_NOT_APPEARING } from "../guide";
import type { Observations } from "../observations";

/** Selgeo answers every API call with JSON and an X-Request-Id; anything else came from elsewhere. */
function foreignAnswer(r: Observations["apiRequests"][number]): boolean {
  if (r.status === null || r.status >= 400) return false;
  return !r.requestId || (r.contentType !== null && !isJson(r.contentType));
}

export const apiAnswerNotSelgeo: Rule<Observations> = (o) => {
  // No code: the body was not Selgeo's (a bot answer names itself with code "bot").
  const failure = clickFailures(o.debugEvents).find(
    (e) => e.status > 0 && e.status < 400 && e.code === undefined,
  );
  const foreign = o.apiRequests.filter(foreignAnswer);
  if (!failure && foreign.length === 0) return null;
  const request = foreign[0] ?? o.apiRequests.find((r) => r.status === failure?.status);
  const base = o.apiBase ?? "the API address";
  const prefix = o.apiBase ? new URL(o.apiBase).pathname : "/";
  const proxied = prefix !== "/";
  const status = request?.status ?? failure?.status;
  const what = request
    ? `${status} ${request.contentType ?? "with no content type"} (${requestIdNote(request)})`
    : String(status);
  return {
    id: "api-answer-not-selgeo",
    severity: "error",
    ...CLICKS_NOT_APPEARING,
    cause: proxied
      ? `The click request to ${base}/api/v1/clicks was answered ${what}, not by Selgeo: the first-party proxy under ${prefix}/ does not forward to the Selgeo server, so your site answered it itself. No click was recorded.`
      : `The click request to ${base}/api/v1/clicks was answered ${what}, not by Selgeo: data-api points at a server that is not Selgeo's API. No click was recorded.`,
    fix: proxied
      ? `Forward every request under ${prefix}/ to the Selgeo server, keeping the rest of the path (${base}/api/v1/clicks → https://api.selgeo.com/api/v1/clicks); see docs/first-party-proxy.md for nginx and Caddy. Check it with: curl -i ${base}/api/v1/keys/check?key=YOUR_PK — the answer must be JSON with an X-Request-Id.`
      : `Point data-api at Selgeo's API (data-api="https://api.selgeo.com", or your own Selgeo server's origin), or remove it. Check it with: curl -i ${base}/api/v1/keys/check?key=YOUR_PK — the answer must be JSON with an X-Request-Id.`,
    evidence: [
      ...foreign.map(describeRequest),
      ...(failure
        ? [
            `selgeo:debug click_failed status ${failure.status} (the body was not a click) ref=${failure.ref}`,
          ]
        : []),
    ],
  };
};

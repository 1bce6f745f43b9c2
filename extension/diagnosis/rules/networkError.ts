// Guide › Clicks not appearing › 4. Network error: the click request never got an answer the
// page could read — DNS, a refused connection, a firewall, or CORS.
import { clickFailures } from "../debugEvents";
import { describeRequest } from "../evidence";
import type { Rule } from "../finding";
import { CLICKS_NOT_APPEARING } from "../guide";
import { failedInNetwork } from "../netErrors";
import type { Observations } from "../observations";

/**
 * A 502/503/504 without Selgeo's X-Request-Id: a proxy in front (a first-party `/_selgeo/` path,
 * a load balancer) answered because it could not reach the Selgeo server.
 */
export function isGatewayFailure(r: Observations["apiRequests"][number]): boolean {
  return r.status !== null && [502, 503, 504].includes(r.status) && !r.requestId;
}

/**
 * An https page calling an http API: browsers block it as mixed content before it leaves, so
 * no request is ever seen (loopback stays allowed: it is potentially trustworthy).
 */
function mixedContent(o: Observations): boolean {
  if (!o.pageUrl?.startsWith("https:") || !o.apiBase?.startsWith("http:")) return false;
  const host = new URL(o.apiBase).hostname;
  return !(host === "localhost" || host.endsWith(".localhost") || /^127\.|^\[::1\]$/.test(host));
}

export const networkError: Rule<Observations> = (o) => {
  if (!o.apiOrigin) return null;
  if (mixedContent(o)) {
    const secure = o.apiBase?.replace(/^http:/, "https:");
    return {
      id: "network-error",
      severity: "error",
      ...CLICKS_NOT_APPEARING,
      cause: `Network error: this https page calls the Selgeo API over plain http (${o.apiBase}), which browsers block as mixed content before the request leaves.`,
      fix: `Serve the API over https and point the tag at it: data-api="${secure}".`,
      evidence: [
        `Page: ${o.pageUrl}`,
        `API base: ${o.apiBase}`,
        ...clickFailures(o.debugEvents).map((e) => `selgeo:debug click_failed status ${e.status}`),
      ],
    };
  }
  // A request with a status got its answer: what the browser did with it after is not the network.
  const failed = o.apiRequests.filter((r) => failedInNetwork(r) || isGatewayFailure(r));
  // The request got a 2xx answer yet the snippet saw status 0: the browser hid the response.
  const answered = o.apiRequests.some((r) => r.status !== null && r.status < 400);
  const cspBlocked = o.cspViolations.some((v) => v.effectiveDirective === "connect-src");
  const corsLike =
    failed.length === 0 &&
    answered &&
    !cspBlocked &&
    clickFailures(o.debugEvents).some((e) => e.status === 0);
  const keyCheckError = o.apiRequests.length === 0 && !cspBlocked ? o.key.check?.error : null;
  if (failed.length === 0 && !corsLike && !keyCheckError) return null;
  const first = failed[0];
  const cause = first
    ? isGatewayFailure(first)
      ? `Network error: the proxy in front of the Selgeo API answered ${first.status} with no X-Request-Id: it cannot reach the Selgeo server behind ${o.apiBase}.`
      : `Network error: the request to ${o.apiOrigin} failed with ${first.error}.`
    : corsLike
      ? `Network error: ${o.apiOrigin} answered, but the browser refused to hand the answer to the page (a CORS misconfiguration, e.g. a proxy dropping Access-Control-Allow-Origin).`
      : `Network error: this browser cannot reach the Selgeo API at ${o.apiOrigin} (${keyCheckError}).`;
  return {
    id: "network-error",
    severity: "error",
    ...CLICKS_NOT_APPEARING,
    cause,
    fix: `Check that ${o.apiOrigin} resolves and accepts connections from visitors (DNS, firewall rules, proxies)${o.tag?.api ? `, and that data-api="${o.tag.api}" is the right address` : ""}. Common causes include DNS resolution issues, firewall rules, or CORS misconfigurations.`,
    evidence: first
      ? failed.map(describeRequest)
      : corsLike
        ? [...o.apiRequests.map(describeRequest), "selgeo:debug click_failed with status 0"]
        : [`GET ${o.apiOrigin}/api/v1/keys/check → ${keyCheckError}`],
  };
};

// Guide › Clicks not appearing › 3. Rate limit exceeded: the tracking endpoint answered 429.
import type { RateLimitedEvent } from "../debugEvents";
import { describeRequest } from "../evidence";
import type { Rule } from "../finding";
import { CLICKS_NOT_APPEARING } from "../guide";
import type { Observations } from "../observations";

export const rateLimited: Rule<Observations> = (o) => {
  const requests = o.apiRequests.filter((r) => r.status === 429);
  const event = o.debugEvents.find((e): e is RateLimitedEvent => e.type === "rate_limited");
  if (requests.length === 0 && !event) return null;
  const retryAfter =
    requests[0]?.retryAfter ?? (event?.retry_after != null ? String(event.retry_after) : null);
  return {
    id: "rate-limited",
    severity: "error",
    ...CLICKS_NOT_APPEARING,
    cause:
      "Rate limit exceeded: the tracking endpoint allows 1,000 requests per minute per public key, and this click was rejected with a 429 status.",
    fix: `Clicks are accepted again ${retryAfter ? `after ${retryAfter} s (Retry-After)` : "within a minute"}. Look for scripts or tests that load tracked pages in a loop; if this is real traffic, contact support with the request id below.`,
    evidence: [
      ...requests.map(describeRequest),
      ...(event
        ? [`selgeo:debug rate_limited (retry_after ${event.retry_after ?? "unknown"})`]
        : []),
    ],
  };
};

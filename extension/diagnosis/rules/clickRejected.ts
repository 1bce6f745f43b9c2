// Guide › Clicks not appearing: the API answered the click with an error other than 429 — most
// often an unknown ref (the referral link has the wrong code) or an origin lock.
import { type ClickFailedEvent, clickFailures } from "../debugEvents";
import { describeRequest } from "../evidence";
import type { Rule } from "../finding";
import { CLICKS_NOT_APPEARING } from "../guide";
import type { Observations } from "../observations";
import { isGatewayFailure } from "./networkError";

const EXPLAINED: Record<string, { cause: string; fix: string }> = {
  REFERRAL_NOT_FOUND: {
    cause: "the ref in the URL matches no partner of this merchant",
    fix: "Verify that the referral link includes the correct query parameter: the partner's ref is shown in Partners in the dashboard (or GET /api/v1/partners with your secret key).",
  },
  ORIGIN_NOT_ALLOWED: {
    cause: "your public key is restricted to other origins (allowed_origins)",
    fix: "Add this page's origin to allowed_origins (PATCH /api/v1/settings), or remove the restriction.",
  },
  VALIDATION_ERROR: {
    cause:
      "the API refused the click's fields (a ref longer than 64 characters or with characters other than letters, digits, _ and -)",
    fix: "Use partner refs made of [A-Za-z0-9_-], at most 64 characters.",
  },
};

const GENERIC = {
  cause: "the API refused the click",
  fix: "Look the request id up in the Attribution Audit Log or send it to support.",
};

export const clickRejected: Rule<Observations> = (o) => {
  const failures = clickFailures(o.debugEvents).filter(
    (e) => e.status >= 400 && e.status !== 429 && e.status !== 401 && e.code !== "bot",
  );
  const requests = o.apiRequests.filter(
    (r) =>
      r.status !== null &&
      r.status >= 400 &&
      r.status !== 429 &&
      r.status !== 401 &&
      !isGatewayFailure(r),
  );
  // A proxy's 502 is the network's failure (networkError), not Selgeo refusing the click.
  const gateway = o.apiRequests.some(isGatewayFailure);
  if (gateway && requests.length === 0) return null;
  if (failures.length === 0 && requests.length === 0) return null;
  const failure: ClickFailedEvent | undefined = failures[0];
  const explained =
    (failure?.code && Object.hasOwn(EXPLAINED, failure.code) && EXPLAINED[failure.code]) || GENERIC;
  const status = failure?.status ?? requests[0]?.status;
  return {
    id: "click-rejected",
    severity: "error",
    ...CLICKS_NOT_APPEARING,
    cause: `The click was rejected with ${status}${failure?.code ? ` ${failure.code}` : ""}: ${explained.cause}.`,
    fix: explained.fix,
    evidence: [
      ...requests.map(describeRequest),
      ...failures.map((e) =>
        `selgeo:debug click_failed ${e.status} ${e.code ?? ""} ref=${e.ref}`.trim(),
      ),
    ],
  };
};

// Guide › Clicks not appearing, when nothing more specific explains it: the URL has a ref and the
// snippet ran with a good key, yet no click id was stored and no failure was seen.
import { clickFailures, clickSucceeded } from "../debugEvents";
import type { Rule } from "../finding";
import { CLICKS_NOT_APPEARING } from "../guide";
import type { Observations } from "../observations";

export const clickNotRecorded: Rule<Observations> = (o) => {
  if (!o.settled || !o.ref || !o.snippetExecuted || o.clickId) return null;
  if (o.key.class.kind !== "publishable") return null;
  if (o.key.check?.result && !o.key.check.result.valid) return null;
  if (clickSucceeded(o.debugEvents) || clickFailures(o.debugEvents).length > 0) return null;
  // config_invalid (an unusable data-api) has its own finding: nothing could be sent.
  if (
    o.debugEvents.some(
      (e) => e.type === "rate_limited" || e.type === "key_invalid" || e.type === "config_invalid",
    )
  )
    return null;
  if (o.apiRequests.some((r) => r.error !== null || (r.status ?? 0) >= 400)) return null;
  if (o.cspViolations.length > 0) return null;
  return {
    id: "click-not-recorded",
    severity: "warning",
    ...CLICKS_NOT_APPEARING,
    cause: `The URL has ${o.ref.param}=${o.ref.value} and the snippet ran, but no click id was stored in this browser.`,
    fix: "Reload the page with this panel open and check the timeline for the click request; if cookies and localStorage are blocked for this site, the click cannot be kept.",
    evidence: [
      `Page: ${o.pageUrl}`,
      `Click requests seen: ${o.apiRequests.length}`,
      `Debug events: ${o.debugEvents.map((e) => e.type).join(", ") || "none"}`,
    ],
  };
};

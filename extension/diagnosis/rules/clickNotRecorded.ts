// Guide › Clicks not appearing: the URL has a ref, yet no click id was stored in this browser.
// Usually a consequence (the snippet never ran, the click request was blocked or refused): then
// diagnose() files it under that cause. Alone it is the case nothing more specific explains.
import { clickSucceeded } from "../debugEvents";
import type { Rule } from "../finding";
import { CLICKS_NOT_APPEARING } from "../guide";
import type { Observations } from "../observations";

export const clickNotRecorded: Rule<Observations> = (o) => {
  if (!o.settled || !o.ref || !o.tag || o.clickId) return null;
  if (clickSucceeded(o.debugEvents)) return null;
  return {
    id: "click-not-recorded",
    severity: "warning",
    ...CLICKS_NOT_APPEARING,
    cause: o.snippetExecuted
      ? `The URL has ${o.ref.param}=${o.ref.value} and the snippet ran, but no click id was stored in this browser.`
      : `The URL has ${o.ref.param}=${o.ref.value}, but the snippet never ran, so no click was recorded and no click id stored.`,
    fix: "Reload the page with this panel open and check the timeline for the click request; if cookies and localStorage are blocked for this site, the click cannot be kept.",
    evidence: [
      `Page: ${o.pageUrl}`,
      `Click requests seen: ${o.apiRequests.length}`,
      `Debug events: ${o.debugEvents.map((e) => e.type).join(", ") || "none"}`,
    ],
  };
};

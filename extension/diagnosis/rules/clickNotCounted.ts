// Guide › Clicks not appearing: the API answered but did not count the click because this
// browser looks like a bot or link-preview fetcher (DESIGN.md § Tracking). Real visitors are
// counted; a merchant testing with a headless or automated browser sees no clicks.
import { clickFailures } from "../debugEvents";
import type { Rule } from "../finding";
import { CLICKS_NOT_APPEARING } from "../guide";
import type { Observations } from "../observations";

/** The snippet's `click_failed` code when the API answered `click_id: null` (snippet/protocol.ts). */
export const BOT_CODE = "bot";

export const clickNotCounted: Rule<Observations> = (o) => {
  const failure = clickFailures(o.debugEvents).find((e) => e.code === BOT_CODE);
  if (!failure) return null;
  return {
    id: "click-not-counted",
    severity: "warning",
    ...CLICKS_NOT_APPEARING,
    cause:
      "The API recognised this browser as a bot or link-preview fetcher (by its User-Agent), so it answered without counting the click.",
    fix: "Test with an ordinary browser window: headless browsers, automation tools and link previews are never counted. Real visitors' clicks are not affected.",
    evidence: [
      `selgeo:debug click_failed status ${failure.status} code ${BOT_CODE} ref=${failure.ref}`,
    ],
  };
};

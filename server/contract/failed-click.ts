// The stand-in the snippet uses while a partner link's click could not be recorded yet
// (snippet/pending.ts): `clk_failed_<ref>`. It goes where a click id would go — getClickId(),
// the `selgeo_click_id` cookie, Payment Links' client_reference_id — so whichever way the
// merchant reports the sale, Selgeo can tell that the visitor came through a partner link whose
// click failed in the browser. It is never a click: real click ids are `clk_` and 24 letters or
// digits, with no second underscore, and the snippet replaces the stand-in once the click lands.

export const FAILED_CLICK_PREFIX = "clk_failed_";

/** The partner ref inside a failed-click stand-in, or null when `clickId` is not one. */
export function failedClickRef(clickId: string | null | undefined): string | null {
  return clickId?.startsWith(FAILED_CLICK_PREFIX)
    ? clickId.slice(FAILED_CLICK_PREFIX.length) || null
    : null;
}

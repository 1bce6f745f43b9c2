// Why a conversion had no click (CLICK_ID_MISSING), as far as the server can tell: the merchant
// then sees which cause dominates. Pure, beside decide.ts; stored as the conversion's
// `reason_detail` and in its audit facts.
import type { MissingClickDetail } from "../contract/attribution-reasons";
import { failedClickRef } from "../contract/failed-click";

/** Null unless the conversion is CLICK_ID_MISSING. */
export function missingClickDetail(
  reason: string,
  clickId: string | null,
  source: "api" | "stripe",
): MissingClickDetail | null {
  if (reason !== "CLICK_ID_MISSING") return null;
  if (failedClickRef(clickId)) return "click_failed_in_browser";
  return source === "api" ? "api_without_click_id" : "stripe_without_reference";
}

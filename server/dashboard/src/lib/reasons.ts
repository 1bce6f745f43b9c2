// Short names of the attribution reasons for lists and menus; the full explanation and its fix
// come from the service's own text (server/audit/explain.ts), in the guide's words.
import type { AttributionReason } from "../../../contract/attribution-reasons";

export const REASON_TITLES: Record<AttributionReason, string> = {
  ATTRIBUTED: "Attributed",
  ATTRIBUTED_BY_REF: "Attributed by ref (click failed)",
  ATTRIBUTED_PROMO_CODE: "Attributed (promotion code)",
  CLICK_ID_MISSING: "No click_id sent",
  CLICK_NOT_FOUND: "Unknown click_id",
  MODE_MISMATCH: "Mode mismatch (test vs live)",
  CLICK_AFTER_CONVERSION: "Sale before the click",
  ATTRIBUTION_WINDOW_EXPIRED: "Attribution window expired",
  PARTNER_NOT_APPROVED: "Partner not approved",
};

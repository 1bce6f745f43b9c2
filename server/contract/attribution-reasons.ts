// The attribution decision's reason codes (DESIGN.md § Conversions), in the order they are
// checked: part of the contract (every conversion carries one), decided in attribution/decide.ts.
export const ATTRIBUTION_REASONS = [
  "CLICK_ID_MISSING",
  "CLICK_NOT_FOUND",
  "MODE_MISMATCH",
  "CLICK_AFTER_CONVERSION",
  "ATTRIBUTION_WINDOW_EXPIRED",
  "PARTNER_NOT_APPROVED",
  "ATTRIBUTED",
  /**
   * No click could be recorded (the snippet's failed-click stand-in names the partner's ref) and
   * the partner's program credits such sales by ref (`attribute_by_ref`, off by default).
   */
  "ATTRIBUTED_BY_REF",
  // Credited through the partner's Stripe promotion code, with no click or over another partner's.
  "ATTRIBUTED_PROMO_CODE",
] as const;

export type AttributionReason = (typeof ATTRIBUTION_REASONS)[number];

/**
 * Why a conversion is CLICK_ID_MISSING, when the server can tell (its `reason_detail`, decided
 * in attribution/missing-click.ts), so a merchant sees which cause dominates:
 *   - click_failed_in_browser: the visitor came through a partner link whose click could not be
 *     recorded (the snippet's `clk_failed_<ref>` stand-in, contract/failed-click.ts);
 *   - api_without_click_id: a Conversion API call without a click_id;
 *   - stripe_without_reference: a Stripe payment without client_reference_id or a click id in
 *     its metadata.
 */
export const MISSING_CLICK_DETAILS = [
  "click_failed_in_browser",
  "api_without_click_id",
  "stripe_without_reference",
] as const;

export type MissingClickDetail = (typeof MISSING_CLICK_DETAILS)[number];

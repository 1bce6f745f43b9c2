// The attribution decision's reason codes (DESIGN.md § Conversions), in the order they are
// checked: part of the contract (every conversion carries one), decided in attribution/decide.ts.
export const ATTRIBUTION_REASONS = [
  "CLICK_ID_MISSING",
  "CLICK_NOT_FOUND",
  "MODE_MISMATCH",
  "ATTRIBUTION_WINDOW_EXPIRED",
  "PARTNER_NOT_APPROVED",
  "ATTRIBUTED",
  // Credited through the partner's Stripe promotion code, with no click or over another partner's.
  "ATTRIBUTED_PROMO_CODE",
] as const;

export type AttributionReason = (typeof ATTRIBUTION_REASONS)[number];

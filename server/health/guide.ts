// The troubleshooting guide's sections and symptoms that server-side findings cite, word for word
// (the guide: /docs, shared/troubleshooting-guide.txt), as the extension's rules cite theirs.

export const CLICKS_NOT_APPEARING = {
  section: "Clicks not appearing",
  symptom: "The snippet loads, but clicks do not show up in the dashboard.",
} as const;

export const CONVERSIONS_NOT_ATTRIBUTED = {
  section: "Conversions not attributed",
  symptom:
    "Conversions are reported via the Conversion API or Stripe webhook, but they do not appear as attributed conversions in the dashboard. The conversion exists but has no associated partner.",
} as const;

export const CLICK_ID_MISSING = {
  section: "click_id missing",
  symptom:
    "Your server-side code does not have access to the click_id that the snippet captured on the client side.",
} as const;

// The troubleshooting guide's sections and symptoms, word for word, so a finding reads like the
// page support will send the merchant to.

export const SNIPPET_NOT_LOADING = {
  section: "Snippet not loading",
  symptom:
    "The Selgeo tracking snippet does not appear to execute. No network requests to Selgeo in the browser DevTools Network tab.",
} as const;

export const CLICKS_NOT_APPEARING = {
  section: "Clicks not appearing",
  symptom: "The snippet loads, but clicks do not show up in the dashboard.",
} as const;

export const CLICK_ID_MISSING = {
  section: "click_id missing",
  symptom:
    "Your server-side code does not have access to the click_id that the snippet captured on the client side.",
} as const;

/** Not a section of the guide: a key that must never be in a page. */
export const SECRET_KEY_EXPOSED = {
  section: "Keys and modes",
  symptom: "A secret key (sk_…) is readable by every visitor of this page.",
} as const;

export const OFFICIAL_SNIPPET_TAG =
  '<script src="https://cdn.selgeo.com/v1/selgeo.js" data-merchant="pk_test_YOUR_KEY" async></script>';

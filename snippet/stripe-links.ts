// Carries the click id into Stripe: Payment Links get `client_reference_id`, Stripe's pricing
// table and buy button get the `client-reference-id` attribute. Stripe Checkout rejects an empty
// reference, so the caller only decorates once there is a click id.
import { CLICK_ID_PREFIX, CLIENT_REFERENCE_PARAM, PAYMENT_LINK_HOST } from "./protocol";

export const STRIPE_ELEMENTS = "stripe-pricing-table,stripe-buy-button";
export const REFERENCE_ATTRIBUTE = "client-reference-id";

/** Attributes whose change can undo a decoration (a framework re-rendering a link). */
export const WATCHED_ATTRIBUTES = ["href", REFERENCE_ATTRIBUTE];

/**
 * "set" when the reference should become `clickId`: absent, empty, or an older Selgeo click.
 * "kept" when it is the merchant's own value (a user id, an order id): overwriting it would break
 * their integration, so it stays and the extension is told. "same" when already done.
 */
export function referenceDecision(
  existing: string | null,
  clickId: string,
): "set" | "kept" | "same" {
  return existing === clickId
    ? "same"
    : existing && !existing.startsWith(CLICK_ID_PREFIX)
      ? "kept"
      : "set";
}

/** The Payment Link href carrying `clickId`, "kept", or null when there is nothing to change. */
export function decoratedHref(href: string, base: string, clickId: string): string | null {
  try {
    const url = new URL(href, base);
    const decision = referenceDecision(url.searchParams.get(CLIENT_REFERENCE_PARAM), clickId);
    if (url.hostname !== PAYMENT_LINK_HOST || decision === "same") return null;
    if (decision === "kept") return decision;
    // Other parameters (prefilled_email, locale, …) survive; set() re-encodes them in the form
    // encoding Stripe decodes anyway.
    url.searchParams.set(CLIENT_REFERENCE_PARAM, clickId);
    return url.href;
  } catch {
    return null;
  }
}

/** Decorates every Payment Link and Stripe element in `doc`; counts changed and kept ones. */
export function decorateStripe(doc: Document, clickId: string): { count: number; kept: number } {
  const counts = { count: 0, kept: 0 };
  // The attribute pre-filter keeps re-scans cheap on pages with thousands of links.
  for (const element of doc.querySelectorAll(
    `a[href*="${PAYMENT_LINK_HOST}" i],${STRIPE_ELEMENTS}`,
  )) {
    const link = element.tagName === "A";
    const name = link ? "href" : REFERENCE_ATTRIBUTE;
    const value = element.getAttribute(name);
    const next = link
      ? decoratedHref(value || "", doc.baseURI, clickId)
      : { set: clickId, kept: "kept", same: null }[referenceDecision(value, clickId)];
    if (next === "kept") counts.kept++;
    else if (next) {
      element.setAttribute(name, next);
      counts.count++;
    }
  }
  return counts;
}

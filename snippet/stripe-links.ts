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
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  if (url.hostname !== PAYMENT_LINK_HOST) return null;
  const existing = url.searchParams.get(CLIENT_REFERENCE_PARAM);
  const decision = referenceDecision(existing, clickId);
  if (decision !== "set") return decision === "kept" ? decision : null;
  // Other parameters (prefilled_email, locale, …) survive; set() re-encodes them in the form
  // encoding Stripe decodes anyway.
  url.searchParams.set(CLIENT_REFERENCE_PARAM, clickId);
  return url.href;
}

/** Decorates every Payment Link and Stripe element in `doc`; counts changed and kept ones. */
export function decorateStripe(doc: Document, clickId: string): { count: number; kept: number } {
  let count = 0;
  let kept = 0;
  // The attribute pre-filter keeps re-scans cheap on pages with thousands of links.
  for (const link of doc.querySelectorAll(`a[href*="${PAYMENT_LINK_HOST}" i]`)) {
    const href = decoratedHref(link.getAttribute("href") || "", doc.baseURI, clickId);
    if (href === "kept") kept++;
    else if (href) {
      link.setAttribute("href", href);
      count++;
    }
  }
  for (const element of doc.querySelectorAll(STRIPE_ELEMENTS)) {
    const decision = referenceDecision(element.getAttribute(REFERENCE_ATTRIBUTE), clickId);
    if (decision === "kept") kept++;
    else if (decision === "set") {
      element.setAttribute(REFERENCE_ATTRIBUTE, clickId);
      count++;
    }
  }
  return { count, kept };
}

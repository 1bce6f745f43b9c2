// Carries the click id into Stripe: Payment Links get `client_reference_id`, Stripe's pricing
// table and buy button get the `client-reference-id` attribute. Stripe Checkout rejects an empty
// reference, so nothing is touched until there is a click id.
import { CLICK_ID_PREFIX, CLIENT_REFERENCE_PARAM, PAYMENT_LINK_HOST } from "./protocol";

export const STRIPE_ELEMENTS = "stripe-pricing-table,stripe-buy-button";
const REFERENCE_ATTRIBUTE = "client-reference-id";

/**
 * "set" when the reference should become `clickId`: absent, empty, or an older Selgeo click.
 * "kept" when it is the merchant's own value (a user id, an order id): overwriting it would
 * break their integration, so it stays and the extension is told. "same" when already done.
 */
export function referenceDecision(existing: string | null, clickId: string): "set" | "kept" | "same" {
  if (existing === clickId) return "same";
  if (existing && !existing.startsWith(CLICK_ID_PREFIX)) return "kept";
  return "set";
}

/** The Payment Link href carrying `clickId`, "kept", or null when there is nothing to change. */
export function decoratedHref(href: string, base: string, clickId: string): string | "kept" | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  if (url.hostname !== PAYMENT_LINK_HOST) return null;
  const existing = url.searchParams.get(CLIENT_REFERENCE_PARAM);
  const decision = referenceDecision(existing, clickId);
  if (decision !== "set") return decision === "kept" ? "kept" : null;
  if (existing === null) {
    // Appending keeps the merchant's other parameters byte for byte (prefilled_email, …).
    const param = `${CLIENT_REFERENCE_PARAM}=${clickId}`;
    url.search = url.search ? `${url.search}&${param}` : param;
  } else {
    url.searchParams.set(CLIENT_REFERENCE_PARAM, clickId);
  }
  return url.href;
}

export interface Decorated {
  count: number;
  kept: number;
}

/**
 * Decorates everything Stripe on the page. `seenKept` remembers elements already reported as
 * kept, so re-scans after DOM changes report each one once.
 */
export function decorateStripe(doc: Document, clickId: string, seenKept: WeakSet<Element>): Decorated {
  const result: Decorated = { count: 0, kept: 0 };
  const keep = (element: Element) => {
    if (!seenKept.has(element)) {
      seenKept.add(element);
      result.kept++;
    }
  };
  // The attribute pre-filter keeps scans cheap on pages with thousands of links.
  for (const link of doc.querySelectorAll(`a[href*="${PAYMENT_LINK_HOST}" i]`)) {
    const next = decoratedHref(link.getAttribute("href") ?? "", doc.baseURI, clickId);
    if (next === "kept") keep(link);
    else if (next) {
      link.setAttribute("href", next);
      result.count++;
    }
  }
  for (const element of doc.querySelectorAll(STRIPE_ELEMENTS)) {
    const decision = referenceDecision(element.getAttribute(REFERENCE_ATTRIBUTE), clickId);
    if (decision === "kept") keep(element);
    else if (decision === "set") {
      element.setAttribute(REFERENCE_ATTRIBUTE, clickId);
      result.count++;
    }
  }
  return result;
}

/** Attributes whose change can undo a decoration (a framework re-rendering a link). */
export const WATCHED_ATTRIBUTES = ["href", REFERENCE_ATTRIBUTE];

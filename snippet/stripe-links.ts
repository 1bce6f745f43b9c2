// Carries the click id into Stripe: Payment Links get `client_reference_id`, Stripe's pricing
// table and buy button get the `client-reference-id` attribute. Stripe Checkout rejects an empty
// reference, so the caller only decorates once there is a click id.
import { attempt } from "./attempt";
import { CLICK_ID_PREFIX, CLIENT_REFERENCE_PARAM, PAYMENT_LINK_HOST } from "./protocol";

export const STRIPE_ELEMENTS = "stripe-pricing-table,stripe-buy-button";
export const REFERENCE_ATTRIBUTE = "client-reference-id";

/**
 * Everything decorateStripe may change. selgeo.js tests it before it loads the decoration
 * (selgeo-lazy.js); the `href` pre-filter keeps re-scans cheap on pages with thousands of links.
 */
export const STRIPE_SELECTOR = `a[href*="${PAYMENT_LINK_HOST}" i],${STRIPE_ELEMENTS}`;

/**
 * Attributes whose change can undo a decoration (a framework re-rendering a link or element).
 * selgeo.js watches `href` (a link may become a Payment Link before anything else is there to
 * decorate); selgeo-lazy.js, once loaded, watches the elements' reference.
 */
export const WATCHED_LINK_ATTRIBUTE = "href";

/**
 * What happens to an existing reference (numbers in the bundle: the size budget):
 * - set: it becomes the click id: absent, empty, or an older Selgeo click;
 * - kept: the merchant's own value (a user id, an order id): overwriting it would break their
 *   integration, so it stays and the extension is told;
 * - same: already the click id.
 */
export enum Reference {
  same,
  kept,
  set,
}

export function referenceDecision(existing: string | null, clickId: string): Reference {
  return existing === clickId
    ? Reference.same
    : existing && !existing.startsWith(CLICK_ID_PREFIX)
      ? Reference.kept
      : Reference.set;
}

/**
 * Decorates every Payment Link and Stripe element in `doc`: [decorated, kept], the elements
 * changed and those whose own reference was left alone.
 */
export function decorateStripe(doc: Document, clickId: string): [count: number, kept: number] {
  const counts: [number, number] = [0, 0];
  for (const element of doc.querySelectorAll(STRIPE_SELECTOR)) {
    const link = element.tagName === "A";
    const name = link ? "href" : REFERENCE_ATTRIBUTE;
    const value = element.getAttribute(name) as string;
    // A link's reference is its query parameter; an unparsable href or another host is skipped.
    const url = link ? attempt(() => new URL(value, doc.baseURI)) : null;
    if (!link || (url && url.hostname === PAYMENT_LINK_HOST)) {
      const params = url ? url.searchParams : null;
      const decision = referenceDecision(
        params ? params.get(CLIENT_REFERENCE_PARAM) : value,
        clickId,
      );
      if (decision === Reference.kept) counts[1]++;
      if (decision === Reference.set) {
        // Other parameters (prefilled_email, locale, …) survive; set() re-encodes them in the
        // form encoding Stripe decodes anyway.
        if (params) params.set(CLIENT_REFERENCE_PARAM, clickId);
        element.setAttribute(name, url ? url.href : clickId);
        counts[0]++;
      }
    }
  }
  return counts;
}

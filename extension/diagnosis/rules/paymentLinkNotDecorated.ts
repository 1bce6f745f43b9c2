// Guide › click_id missing › Stripe Payment Links: the snippet appends client_reference_id to
// every Payment Link. A link without it (or with another click's id) while this visitor has a
// click id means Stripe will report the payment with no click, so it cannot be attributed.
import { CLICK_ID_PREFIX, CLIENT_REFERENCE_PARAM } from "../../../snippet/protocol";
import type { Rule } from "../finding";
import { CLICK_ID_MISSING } from "../guide";
import type { Observations } from "../observations";

/** The snippet replaces earlier `clk_…` values and keeps any other reference (the merchant's). */
const isSelgeoClickId = (value: string | null): boolean =>
  value?.startsWith(CLICK_ID_PREFIX) ?? false;

export const paymentLinkNotDecorated: Rule<Observations> = (o) => {
  const clickId = o.clickId;
  if (!clickId) return null;
  const bare = o.stripeLinks.filter((l) => l.clientReferenceId === null);
  const stale = o.stripeLinks.filter(
    (l) => isSelgeoClickId(l.clientReferenceId) && l.clientReferenceId !== clickId,
  );
  // The snippet keeps a reference the merchant set itself (it is not a click id): Stripe then
  // reports that value, and the payment cannot be matched to the click.
  const own = o.stripeLinks.filter(
    (l) => l.clientReferenceId !== null && !isSelgeoClickId(l.clientReferenceId),
  );
  const elements = o.stripeElements.filter((e) => e.clientReferenceId !== clickId);
  if (bare.length + stale.length + own.length + elements.length === 0) return null;
  const inShadow = bare.some((l) => l.inShadowRoot);
  const cause =
    bare.length > 0
      ? `Stripe Payment Links on this page do not carry ${CLIENT_REFERENCE_PARAM}${inShadow ? ": they sit inside a shadow root, which the snippet's scan of the document cannot reach" : ": they were added or rewritten where the snippet could not decorate them"}. Payments through them arrive with no click_id.`
      : stale.length > 0
        ? `Stripe Payment Links carry another click id than this visitor's (${clickId}): the page or a cache fixed the link's URL.`
        : own.length > 0
          ? `Stripe Payment Links carry your own ${CLIENT_REFERENCE_PARAM} (${own[0]?.clientReferenceId}), which the snippet leaves in place: Stripe reports that value, so the payment cannot be matched to this visitor's click.`
          : `<stripe-pricing-table>/<stripe-buy-button> lacks client-reference-id="${clickId}".`;
  return {
    id: "payment-link-not-decorated",
    severity: bare.length > 0 || elements.length > 0 ? "error" : "warning",
    ...CLICK_ID_MISSING,
    cause,
    fix:
      own.length > 0 && bare.length === 0 && stale.length === 0
        ? `Remove your own ${CLIENT_REFERENCE_PARAM} from the Payment Link so the snippet can add the click id, or sell through Stripe Checkout with metadata.aff_click_id = __selgeo.getClickId().`
        : `Add the click id where the link is built: link.href += (link.href.includes("?") ? "&" : "?") + "${CLIENT_REFERENCE_PARAM}=" + __selgeo.getClickId();${inShadow ? " or render the link in the page's light DOM so the snippet decorates it." : ""}`,
    evidence: [
      `Stored click id: ${clickId}`,
      ...[...bare, ...stale, ...own].map(
        (l) => `${l.href}${l.inShadowRoot ? " (in a shadow root)" : ""}`,
      ),
      ...elements.map((e) => `<${e.tag}> client-reference-id=${e.clientReferenceId ?? "(none)"}`),
    ],
  };
};

// Guide › click_id missing › Stripe Payment Links: the snippet appends client_reference_id to
// every Payment Link. A link without it (or with another click's id) while this visitor has a
// click id means Stripe will report the payment with no click, so it cannot be attributed.
import { CLIENT_REFERENCE_PARAM } from "../../../snippet/protocol";
import type { Rule } from "../finding";
import { CLICK_ID_MISSING } from "../guide";
import type { Observations } from "../observations";

export const paymentLinkNotDecorated: Rule<Observations> = (o) => {
  const clickId = o.clickId;
  if (!clickId) return null;
  const bare = o.stripeLinks.filter((l) => l.clientReferenceId === null);
  const stale = o.stripeLinks.filter(
    (l) => l.clientReferenceId !== null && l.clientReferenceId !== clickId,
  );
  const elements = o.stripeElements.filter((e) => e.clientReferenceId !== clickId);
  if (bare.length === 0 && stale.length === 0 && elements.length === 0) return null;
  const inShadow = bare.some((l) => l.inShadowRoot);
  const cause =
    bare.length > 0
      ? `Stripe Payment Links on this page do not carry ${CLIENT_REFERENCE_PARAM}${inShadow ? ": they sit inside a shadow root, which the snippet's scan of the document cannot reach" : ": they were added or rewritten where the snippet could not decorate them"}. Payments through them arrive with no click_id.`
      : stale.length > 0
        ? `Stripe Payment Links carry another click id than this visitor's (${clickId}): the page or a cache fixed the link's URL.`
        : `<stripe-pricing-table>/<stripe-buy-button> lacks client-reference-id="${clickId}".`;
  return {
    id: "payment-link-not-decorated",
    severity: bare.length > 0 || elements.length > 0 ? "error" : "warning",
    ...CLICK_ID_MISSING,
    cause,
    fix: `Add the click id where the link is built: link.href += (link.href.includes("?") ? "&" : "?") + "${CLIENT_REFERENCE_PARAM}=" + __selgeo.getClickId();${inShadow ? " or render the link in the page's light DOM so the snippet decorates it." : ""}`,
    evidence: [
      `Stored click id: ${clickId}`,
      ...[...bare, ...stale].map((l) => `${l.href}${l.inShadowRoot ? " (in a shadow root)" : ""}`),
      ...elements.map((e) => `<${e.tag}> client-reference-id=${e.clientReferenceId ?? "(none)"}`),
    ],
  };
};

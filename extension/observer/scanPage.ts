// Reads what the page shows about its Selgeo integration at one moment: the snippet tags, the
// stored click, Stripe links and any secret key in the HTML. DOM in, plain data out.
import { maskKey } from "../../server/contract/key-format";
import {
  CLICK_COOKIE_NAME,
  CLICK_STORAGE_KEY,
  CLIENT_REFERENCE_PARAM,
  isSnippetSrc,
  PAYMENT_LINK_HOST,
} from "../../snippet/protocol";
import { KEY_TOKEN, SECRET_KEY_TOKEN } from "../diagnosis/key";
import type {
  ExposedSecret,
  Snapshot,
  SnippetTag,
  StripeElement,
  StripeLink,
} from "../session/events";
import { maskKeysInText } from "../session/mask";

export type LoadState = SnippetTag["loadState"];

/** The page's HTML is searched for secret keys up to this many characters. */
const HTML_SCAN_LIMIT = 2_000_000;

function isSnippetTag(script: HTMLScriptElement): boolean {
  return isSnippetSrc(script.getAttribute("src")) || script.hasAttribute("data-merchant");
}

export function findSnippetTags(
  doc: Document,
  loadStates: WeakMap<Element, LoadState>,
): SnippetTag[] {
  return [...doc.querySelectorAll("script")].filter(isSnippetTag).map((script) => {
    const merchant = script.getAttribute("data-merchant");
    const keyLikeAttributes = [...script.attributes]
      .filter((a) => a.name !== "data-merchant" && new RegExp(KEY_TOKEN.source).test(a.value))
      .map((a) => ({ name: a.name, value: maskKeysInText(a.value, "secret") }));
    return {
      src: script.getAttribute("src") ? script.src : null,
      merchant: merchant === null ? null : maskKeysInText(merchant, "secret"),
      api: script.getAttribute("data-api"),
      refParams: script.getAttribute("data-ref-params"),
      keyLikeAttributes,
      loadState: loadStates.get(script) ?? "pending",
      hasNonce: script.nonce !== "" || script.hasAttribute("nonce"),
    };
  });
}

/** Every element of the document, open shadow roots included (the snippet's scan skips them). */
function* allRoots(doc: Document): Generator<{ root: ParentNode; shadow: boolean }> {
  yield { root: doc, shadow: false };
  const stack: ParentNode[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const element of node.querySelectorAll("*")) {
      if (element.shadowRoot) {
        yield { root: element.shadowRoot, shadow: true };
        stack.push(element.shadowRoot);
      }
    }
  }
}

export function findStripeLinks(doc: Document): StripeLink[] {
  const links: StripeLink[] = [];
  for (const { root, shadow } of allRoots(doc)) {
    for (const anchor of root.querySelectorAll<HTMLAnchorElement>("a[href]")) {
      let url: URL;
      try {
        url = new URL(anchor.href);
      } catch {
        continue;
      }
      if (url.hostname !== PAYMENT_LINK_HOST) continue;
      links.push({
        href: anchor.href,
        clientReferenceId: url.searchParams.get(CLIENT_REFERENCE_PARAM),
        inShadowRoot: shadow,
      });
    }
  }
  return links;
}

export function findStripeElements(doc: Document): StripeElement[] {
  return [...doc.querySelectorAll("stripe-pricing-table, stripe-buy-button")].map((el) => ({
    tag: el.localName as StripeElement["tag"],
    clientReferenceId: el.getAttribute("client-reference-id"),
  }));
}

/** Secret keys anywhere in the page, masked on the spot: the full key never leaves the tab. */
export function findExposedSecrets(doc: Document): ExposedSecret[] {
  const found = new Map<string, ExposedSecret>();
  const note = (key: string, where: ExposedSecret["where"]) => {
    const masked = maskKey(key);
    if (!found.has(masked)) found.set(masked, { key: masked, where });
  };
  for (const script of doc.querySelectorAll("script")) {
    const merchant = script.getAttribute("data-merchant") ?? "";
    for (const key of merchant.match(SECRET_KEY_TOKEN) ?? []) note(key, "data-merchant");
    if (!script.src) {
      for (const key of script.textContent?.match(SECRET_KEY_TOKEN) ?? [])
        note(key, "inline script");
    }
  }
  const html = doc.documentElement?.outerHTML.slice(0, HTML_SCAN_LIMIT) ?? "";
  for (const key of html.match(SECRET_KEY_TOKEN) ?? []) note(key, "page html");
  return [...found.values()];
}

export function readStoredClick(storage: Storage | null, cookie: string): Snapshot["storedClick"] {
  let local: unknown = null;
  try {
    local = storage?.getItem(CLICK_STORAGE_KEY) ?? null;
  } catch {
    // Storage can be disabled for the site; then only the cookie tells.
  }
  let cookieValue: string | null = null;
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === CLICK_COOKIE_NAME && rest.length > 0)
      cookieValue = decodeURIComponent(rest.join("="));
  }
  return { local, cookie: cookieValue };
}

export function scanPage(
  win: Window,
  phase: Snapshot["phase"],
  loadStates: WeakMap<Element, LoadState>,
): Snapshot {
  const doc = win.document;
  let storage: Storage | null = null;
  try {
    storage = win.localStorage;
  } catch {
    storage = null;
  }
  return {
    kind: "snapshot",
    url: win.location.href,
    phase,
    tags: findSnippetTags(doc, loadStates),
    storedClick: readStoredClick(storage, doc.cookie),
    stripeLinks: findStripeLinks(doc),
    stripeElements: findStripeElements(doc),
    exposedSecrets: findExposedSecrets(doc),
  };
}

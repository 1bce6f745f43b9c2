// selgeo-lazy.js: what selgeo.js loads only when the page needs it (lazy-contract.ts): the
// Stripe decoration, storing a recorded click, the retry queue, and reading the click back from
// its cookies. It hands them to the main file through the script element that loaded it, and
// starts nothing by itself.
import { attempt } from "./attempt";
import { announce } from "./debug";
import { DebugCode } from "./debug-wire";
import type { LazyScript } from "./lazy-contract";
import { recordVisit } from "./record";
import { loadClick } from "./storage";
import { decorateStripe, REFERENCE_ATTRIBUTE } from "./stripe-links";

/** The click id the page was last decorated with; what the observer below puts back. */
let current: string | undefined;

function decorate(clickId: string): void {
  if (!current) {
    // A framework re-rendering a Stripe element drops its reference: it comes back.
    // (selgeo.js watches new nodes and links' href, and calls this again for them.)
    attempt(() =>
      new MutationObserver(() => attempt(() => decorate(current as string))).observe(
        document.documentElement,
        { subtree: true, attributeFilter: [REFERENCE_ATTRIBUTE] },
      ),
    );
  }
  current = clickId;
  const [count, kept] = decorateStripe(document, clickId);
  if (count) announce([DebugCode.links_decorated, count, clickId, kept]);
}

attempt(() => (document.currentScript as LazyScript).r([decorate, recordVisit, loadClick]));

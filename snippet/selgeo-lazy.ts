// selgeo-lazy.js: what selgeo.js loads only when the page needs it (lazy-contract.ts): the
// Stripe decoration, storing a recorded click, the retry queue, and reading the click back from
// its cookies. It hands both to the main file through the script
// element that loaded it, and does nothing by itself.
import { attempt } from "./attempt";
import { announce } from "./debug";
import { DebugCode } from "./debug-wire";
import type { LazyScript } from "./lazy-contract";
import { recordVisit } from "./record";
import { loadClick } from "./storage";
import { decorateStripe } from "./stripe-links";

function decorate(clickId: string): void {
  const [count, kept] = decorateStripe(document, clickId);
  if (count) announce([DebugCode.links_decorated, count, clickId, kept]);
}

attempt(() => (document.currentScript as LazyScript).r([decorate, recordVisit, loadClick]));

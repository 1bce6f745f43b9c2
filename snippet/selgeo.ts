// selgeo.js, the snippet merchants put on their pages (DESIGN.md § Snippet). It runs in every
// visitor's browser, so everything is wrapped: a failure may cost a click, never the page.
import { attempt } from "./attempt";
import { RATE_LIMIT_MESSAGE, requestClick } from "./click";
import { planClick } from "./click-policy";
import { announce } from "./debug";
import { checkPublishableKey, parseRefParams, resolveApiBase, type SelgeoGlobal } from "./protocol";
import { findRef } from "./ref";
import { findOwnTag } from "./script-tag";
import { loadClick, saveClick } from "./storage";
import { decorateStripe, WATCHED_ATTRIBUTES } from "./stripe-links";
import { VERSION } from "./version";

declare global {
  interface Window {
    __selgeo?: SelgeoGlobal;
  }
}

/** ready() callbacks wait no longer than this for a slow API; a late click still lands. */
export const READY_TIMEOUT_MS = 5000;

type ReadyCallback = (clickId: string | null) => void;

function start(): void {
  // The tag pasted twice must not mean two clicks per visit.
  if (window.__selgeo) return;
  const script = findOwnTag();
  const attribute = script.getAttribute("data-merchant");
  const key = checkPublishableKey(attribute);
  const dataApi = script.getAttribute("data-api");
  // An inline copy of the snippet has no src: its "own origin" is then the page's.
  const api = resolveApiBase(script.src || location.href, dataApi);
  const refParams = parseRefParams(script.getAttribute("data-ref-params"));

  let clickId: string | null = null;
  let settled = false;
  let observer: MutationObserver | undefined;
  const waiting: ReadyCallback[] = [];
  // A failing merchant callback must not stop the others, nor surface as the snippet's error.
  const call = (callback: ReadyCallback) => attempt(() => callback(clickId));
  const settle = () => {
    if (!settled) {
      settled = true;
      waiting.splice(0).forEach(call);
    }
  };
  const decorate = () => {
    if (clickId) {
      const { count, kept } = decorateStripe(document, clickId);
      if (count) announce({ type: "links_decorated", count, click_id: clickId, kept });
    }
  };
  const use = (id: string | null) => {
    clickId = id;
    if (id) {
      decorate();
      // Links rendered later (SPAs, lazy sections) are decorated as they appear.
      observer = observer || new MutationObserver(() => attempt(decorate));
      observer.observe(document.documentElement, {
        childList: true,
        subtree: true,
        // attributeFilter alone implies attributes: true (DOM § MutationObserver.observe).
        attributeFilter: WATCHED_ATTRIBUTES,
      });
    }
  };

  window.__selgeo = {
    version: VERSION,
    mode: key.ok ? key.mode : null,
    getClickId: () => clickId,
    ready(callback) {
      // Not a function? call() runs it inside attempt(), so its TypeError goes nowhere.
      settled ? call(callback) : waiting.push(callback);
    },
  };

  // A secret key on a page is already a leak: the debug channel names its kind, not its digits.
  const shownKey =
    key.ok || key.problem !== "secret" ? attribute : `${(attribute as string).slice(0, 8)}…`;
  announce({ type: "loaded", version: VERSION, key: shownKey, api });
  // A mistyped data-api: named on the debug channel, nothing sent; a stored click stays in use.
  if (!api) announce({ type: "config_invalid", attribute: "data-api", value: dataApi || "" });
  if (!key.ok) announce({ type: "key_invalid", reason: key.problem, key: shownKey });
  else {
    const plan = planClick(loadClick(key.mode), findRef(location.search, refParams));
    if (plan.action === "idle") announce({ type: "no_ref", params: refParams });
    else if (plan.action === "reuse") {
      announce({ type: "click_reused", click_id: plan.click.click_id, ref: plan.ref });
    } else if (plan.action === "keep") {
      announce({
        type: "click_kept",
        click_id: plan.click.click_id,
        ref: plan.click.ref,
        ignored_ref: plan.ref,
      });
    }
    // Under last_click with another ref, the stored click stays the visitor's until the new lands.
    attempt(() => use(plan.click ? plan.click.click_id : null));
    // Without a usable API origin a new ref is not recorded (config_invalid said why).
    if (plan.action === "record" && api) {
      const { ref } = plan;
      setTimeout(settle, READY_TIMEOUT_MS);
      requestClick(api, key.key, ref)
        .then((result) => {
          const { click } = result;
          if (click) {
            saveClick(click);
            announce(Object.assign({ type: "click_recorded" as const }, click));
            use(click.click_id);
          } else if (result.status === 429) {
            // The one failure a merchant must hear about: clicks are lost until traffic drops.
            console.error(RATE_LIMIT_MESSAGE);
            announce({ type: "rate_limited", retry_after: result.retryAfter, ref });
          } else {
            announce({ type: "click_failed", status: result.status, code: result.code, ref });
          }
        })
        // Never an unhandled rejection on the merchant's page.
        .catch(() => {})
        .then(settle);
      return;
    }
  }
  settle();
}

attempt(start);

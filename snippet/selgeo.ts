// selgeo.js, the snippet merchants put on their pages (DESIGN.md § Snippet). It runs in every
// visitor's browser, so everything is wrapped: a failure may cost a click, never the page.
import { FAILED_CLICK_PREFIX } from "../server/contract/failed-click";
import { attempt } from "./attempt";
import { RATE_LIMIT_MESSAGE, requestClick } from "./click";
import { planClick } from "./click-policy";
import { announce } from "./debug";
import { loadPending, PAGE_RETRIES, retryable, retryDelay, savePending } from "./pending";
import {
  checkPublishableKey,
  parseRefParams,
  resolveApiOrigin,
  type SelgeoGlobal,
} from "./protocol";
import { findRef } from "./ref";
import { findOwnTag } from "./script-tag";
import { loadClick, saveClick, saveMarker } from "./storage";
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
  const api = resolveApiOrigin(script.src || location.href, dataApi);
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
    const now = Date.now();
    const plan = planClick(loadClick(key.mode), findRef(location.search, refParams));
    let pending = loadPending(key.mode, now);
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
    // The partner link to record: this visit's new ref, else a queued one that failed before.
    // A visit back on the stored click's own link (reuse, keep) makes that link the newest.
    const ref = plan.action === "record" ? plan.ref : plan.action === "idle" && pending?.ref;
    if (pending && pending.ref !== ref) {
      pending = null;
      savePending(null);
    }
    const older = plan.click ? plan.click.click_id : null;
    // While a queued link is unrecorded, its stand-in goes where the click id would (getClickId,
    // the id cookie, Payment Links), so the server can tell the click failed in the browser.
    const failed = () => {
      const marker = FAILED_CLICK_PREFIX + ref;
      saveMarker(marker);
      use(marker);
    };
    // Under last_click a newer link outranks the stored click, so while it is unrecorded the
    // stored click is withheld: paying the wrong partner is worse than paying none. Without a
    // usable API origin nothing is recorded (config_invalid said why): the stored click stays.
    attempt(() => (ref && api ? (pending ? failed() : use(null)) : use(older)));
    if (ref && api) {
      let tries = 0;
      const send = (): Promise<void> =>
        requestClick(api, key.key, ref, pending).then((result) => {
          const { click, status } = result;
          tries++;
          if (click) {
            savePending(null);
            pending = null;
            saveClick(click);
            announce(Object.assign({ type: "click_recorded" as const }, click));
            use(click.click_id);
            return;
          }
          if (status === 429) {
            // The one failure a merchant must hear about: clicks are lost until traffic drops.
            if (tries < 2) console.error(RATE_LIMIT_MESSAGE);
            announce({ type: "rate_limited", retry_after: result.retryAfter, ref });
          } else announce({ type: "click_failed", status, code: result.code, ref });
          if (retryable(status)) {
            pending = {
              ref,
              mode: key.mode,
              failed_attempts: pending ? pending.failed_attempts + 1 : 1,
              first_failed_at: pending ? pending.first_failed_at : new Date().toISOString(),
            };
            savePending(pending);
            failed();
            const delay = tries > PAGE_RETRIES ? null : retryDelay(tries, result.retryAfter);
            announce({
              type: "click_queued",
              ref,
              failed_attempts: pending.failed_attempts,
              retry_in: delay,
              withheld: older,
            });
            if (delay) setTimeout(() => send().catch(() => {}), delay);
          } else {
            // An answer that will not change (unknown ref, a bot, a refused key or origin): this
            // link records nothing, so the stored click is still the visitor's newest.
            savePending(null);
            pending = null;
            if (plan.click) saveClick(plan.click);
            use(older);
          }
        });
      setTimeout(settle, READY_TIMEOUT_MS);
      // Never an unhandled rejection on the merchant's page.
      send()
        .catch(() => {})
        .then(settle);
      // A visitor who leaves before a retry is due takes it along (fetch keepalive).
      attempt(() =>
        addEventListener("pagehide", () => {
          if (pending) requestClick(api, key.key, ref, pending).catch(() => {});
        }),
      );
      return;
    }
  }
  settle();
}

attempt(start);

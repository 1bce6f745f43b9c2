// selgeo.js, the snippet merchants put on their pages (DESIGN.md § Snippet). It runs in every
// visitor's browser, so everything is wrapped: a failure may cost a click, never the page.
// Written for its size budget (snippet/build.ts): names and branches that minify and gzip well.
import { FAILED_CLICK_PREFIX } from "../server/contract/failed-click";
import { attempt } from "./attempt";
import { RATE_LIMIT_MESSAGE, requestClick } from "./click";
import { ClickAction, planClick } from "./click-policy";
import { announce } from "./debug";
import { DebugCode } from "./debug-wire";
import { loadPending, PAGE_RETRIES, retryable, retryDelay, savePending } from "./pending";
import { checkPublishableKey, type PendingClick, parseRefParams, resolveApiBase } from "./protocol";
import { findRef } from "./ref";
import { findOwnTag } from "./script-tag";
import { loadClick, saveClick, saveMarker } from "./storage";
import { decorateStripe, WATCHED_ATTRIBUTES } from "./stripe-links";
import { VERSION } from "./version";

declare global {
  interface Window {
    __selgeo?: import("./protocol").SelgeoGlobal;
  }
}

/** ready() callbacks wait no longer than this for a slow API; a late click still lands. */
export const READY_TIMEOUT_MS = 5000;

type ReadyCallback = (clickId: string | null) => void;

function start(): void {
  // The tag pasted twice must not mean two clicks per visit.
  if (window.__selgeo) return;
  const script = findOwnTag();
  const data = (name: string) => script.getAttribute(`data-${name}`);
  const attribute = data("merchant");
  const key = checkPublishableKey(attribute);
  const dataApi = data("api");
  // An inline copy of the snippet has no src: its "own origin" is then the page's.
  const api = resolveApiBase(script.src || location.href, dataApi);
  const refParams = parseRefParams(data("ref-params"));

  let clickId: string | null = null;
  /** Callbacks waiting for ready(); null once the visit is settled. */
  let waiting: ReadyCallback[] | null = [];
  let observer: MutationObserver | undefined;
  // A failing merchant callback must not stop the others, nor surface as the snippet's error.
  const call = (callback: ReadyCallback) => attempt(() => callback(clickId));
  const settle = () => {
    const callbacks = waiting;
    waiting = null;
    // Not `?.`: es2017 has no optional chaining, and its lowered form is longer.
    if (callbacks) callbacks.forEach(call);
  };
  const decorate = () => {
    if (clickId) {
      const [count, kept] = decorateStripe(document, clickId);
      if (count) announce([DebugCode.links_decorated, count, clickId, kept]);
    }
  };
  const use = (id: string | null) => {
    clickId = id;
    // A page whose DOM cannot be decorated still gets its click recorded.
    attempt(() => {
      decorate();
      // Links rendered later (SPAs, lazy sections) are decorated as they appear.
      observer = observer || new MutationObserver(() => attempt(decorate));
      observer.observe(document.documentElement, {
        childList: true,
        subtree: true,
        // attributeFilter alone implies attributes: true (DOM § MutationObserver.observe).
        attributeFilter: WATCHED_ATTRIBUTES,
      });
    });
  };

  window.__selgeo = {
    version: VERSION,
    mode: key.ok ? key.mode : null,
    getClickId: () => clickId,
    ready(callback) {
      // Not a function? call() runs it inside attempt(), so its TypeError goes nowhere.
      waiting ? waiting.push(callback) : call(callback);
    },
  };

  setTimeout(settle, READY_TIMEOUT_MS);
  if (!track()) settle();

  /** Announces what this visit does with its click; true while a click request is under way. */
  function track(): boolean | undefined {
    // A secret key on a page is already a leak: the debug channel names its kind, not its digits.
    const shownKey =
      (key as { problem?: string }).problem === "secret"
        ? `${(attribute as string).slice(0, 8)}…`
        : attribute;
    announce([DebugCode.loaded, VERSION, shownKey, api]);
    // A mistyped data-api: named on the debug channel, nothing sent; a stored click stays in use.
    if (!api) announce([DebugCode.config_invalid, dataApi || ""]);
    if (!key.ok) {
      announce([DebugCode.key_invalid, key.problem, shownKey]);
      return;
    }

    const { mode } = key;
    const stored = loadClick(mode);
    const older = stored ? stored.click_id : null;
    const ref = findRef(location.search, refParams);
    const action = planClick(stored, ref);
    let pending: PendingClick | null = loadPending(mode, Date.now());
    if (action === ClickAction.idle) announce([DebugCode.no_ref, refParams]);
    if (action === ClickAction.reuse)
      announce([DebugCode.click_reused, older as string, ref as string]);
    if (action === ClickAction.keep) {
      announce([
        DebugCode.click_kept,
        older as string,
        (stored as { ref: string }).ref,
        ref as string,
      ]);
    }
    // The partner link to record: this visit's new ref, else a queued one that failed before.
    // A visit back on the stored click's own link (reuse, keep) makes that link the newest.
    const target =
      action === ClickAction.record
        ? ref
        : action === ClickAction.idle && pending
          ? pending.ref
          : null;
    const queue = (next: PendingClick | null) => {
      pending = next;
      savePending(next);
    };
    if (pending && pending.ref !== target) queue(null);
    // Without a usable API origin nothing is recorded (config_invalid said why): the stored click
    // stays in use.
    if (!target || !api) {
      use(older);
      return;
    }

    // While a queued link is unrecorded, its stand-in goes where the click id would (getClickId,
    // the id cookie, Payment Links), so the server can tell the click failed in the browser; the
    // older stored click is withheld: under last_click the newer link is the one that counts, and
    // paying the wrong partner is worse than paying none (docs/snippet.md).
    const failed = () => {
      const marker = FAILED_CLICK_PREFIX + target;
      saveMarker(marker);
      use(marker);
    };
    pending ? failed() : use(null);
    let tries = 0;
    const send = (): Promise<void> =>
      requestClick(api, key.key, target, pending).then(
        // retryAfter is null or a number whenever a response came; only a 429 reports it.
        ([click, status, code, retryAfter]) => {
          tries++;
          if (click) {
            queue(null);
            saveClick(click);
            announce([DebugCode.click_recorded, click]);
            return use(click.click_id);
          }
          if (status === 429) {
            // The one failure a merchant must hear about: clicks are lost until traffic drops.
            if (tries < 2) console.error(RATE_LIMIT_MESSAGE);
            announce([DebugCode.rate_limited, retryAfter as number | null, target]);
          } else announce([DebugCode.click_failed, status, target, code]);
          if (retryable(status)) {
            const next = {
              ref: target,
              mode,
              failed_attempts: pending ? pending.failed_attempts + 1 : 1,
              first_failed_at: pending ? pending.first_failed_at : new Date().toISOString(),
            };
            queue(next);
            failed();
            const delay =
              tries > PAGE_RETRIES ? null : retryDelay(tries, retryAfter as number | null);
            announce([DebugCode.click_queued, target, next.failed_attempts, delay, older]);
            if (delay) setTimeout(send, delay);
          } else {
            // An answer that will not change (unknown ref, a bot, a refused key or origin): this
            // link records nothing, so the stored click is still the visitor's newest.
            queue(null);
            if (stored) saveClick(stored);
            use(older);
          }
        },
      );
    // Never an unhandled rejection on the merchant's page.
    send().catch(settle).then(settle);
    // A visitor who leaves before a retry is due takes it along (fetch keepalive).
    attempt(() =>
      addEventListener("pagehide", () => pending && requestClick(api, key.key, target, pending)),
    );
    return true;
  }
}

attempt(start);

// selgeo.js, the snippet merchants put on their pages (DESIGN.md § Snippet). It runs in every
// visitor's browser, so everything is wrapped: a failure may cost a click, never the page.
// Written for its size budget (snippet/build.ts): names and branches that minify and gzip well.
// The Stripe decoration and the retry queue are in selgeo-lazy.js, loaded only when the page
// needs them (lazy-contract.ts).
import { attempt } from "./attempt";
import { sendClick } from "./click";
import { ClickAction, planClick } from "./click-policy";
import { announce } from "./debug";
import { DebugCode } from "./debug-wire";
import { LAZY_FILE, type Lazy, type LazyScript, type Visit } from "./lazy-contract";
import {
  CLICK_ENTRY_COOKIE_NAME,
  CLICK_STORAGE_KEY,
  checkPublishableKey,
  PENDING_STORAGE_KEY,
  parseRefParams,
  resolveApiBase,
  type StoredClick,
} from "./protocol";
import { findRef } from "./ref";
import { findOwnTag } from "./script-tag";
import { parseStoredClick } from "./storage";
import { STRIPE_SELECTOR, WATCHED_LINK_ATTRIBUTE } from "./stripe-links";
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
  // data-merchant, data-api, data-ref-params: undefined when absent. An empty data-merchant is
  // announced as no key at all (null), as a missing one.
  const data = script.dataset;
  const attribute = data.merchant || null;
  const key = checkPublishableKey(attribute);
  const dataApi = data.api;
  // An inline copy of the snippet has no src: its "own origin" is then the page's.
  const api = resolveApiBase(script.src || location.href, dataApi);
  const refParams = parseRefParams(data.refParams);

  let clickId: string | null = null;
  /** Callbacks waiting for ready(); null once the visit is settled. */
  let waiting: ReadyCallback[] | null = [];
  let lazy: Promise<Lazy> | undefined;
  // A failing merchant callback must not stop the others, nor surface as the snippet's error.
  const call = (callback: ReadyCallback) => attempt(() => callback(clickId));
  const settle = () => {
    const callbacks = waiting;
    waiting = null;
    // Not `?.`: es2017 has no optional chaining, and its lowered form is longer.
    if (callbacks) callbacks.forEach(call);
  };
  /**
   * Runs `work` with selgeo-lazy.js, loaded on the first need and once. A lazy part that cannot
   * load (offline, a blocker) costs its feature, not the visit: ready() is answered all the same.
   */
  const later = (work: (lazy: Lazy) => unknown) => {
    lazy =
      lazy ||
      new Promise<Lazy>((resolve) => {
        const element = document.createElement("script") as LazyScript;
        // Beside selgeo.js; an inline copy has no src: the API's origin serves both files.
        element.src = new URL(LAZY_FILE, script.src || `${api}/v1/`).href;
        // A CSP that admits selgeo.js by its nonce admits its other half the same way.
        element.nonce = script.nonce;
        element.r = resolve;
        // Its features are lost, not the visit: ready() is answered with what there is.
        element.onerror = settle;
        document.head.append(element);
      });
    return lazy.then(work).catch(settle);
  };
  // The decoration is loaded only once there is a click id and something to decorate; ready()
  // waits for it, so a callback reading the links finds them decorated.
  const decorate = () =>
    clickId &&
    document.querySelector(STRIPE_SELECTOR) &&
    later((lazy) => clickId && lazy[0](clickId));
  const use = (id: string | null) => {
    clickId = id;
    // A page whose DOM cannot be decorated still gets its click recorded.
    return attempt(decorate);
  };
  // Links rendered later (SPAs, lazy sections) are decorated as they appear; until there is a
  // click id the observer only reads one variable. (The Stripe elements' own attribute is watched
  // by the lazy part: an element whose reference changes was there to load it.)
  attempt(() =>
    new MutationObserver(() => attempt(decorate)).observe(document.documentElement, {
      childList: true,
      subtree: true,
      // attributeFilter alone implies attributes: true (DOM § MutationObserver.observe).
      attributeFilter: [WATCHED_LINK_ATTRIBUTE],
    }),
  );

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
  track().then(settle, settle);

  /** Announces what this visit does with its click; settles for ready() when it resolves. */
  async function track(): Promise<unknown> {
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

    const { mode, key: publicKey } = key;
    const local = attempt(() =>
      parseStoredClick(localStorage.getItem(CLICK_STORAGE_KEY) as string, Date.now()),
    );
    // localStorage blocked, full or cleared: the click may live on in its cookie copy, which the
    // lazy part reads (storage.ts); the visit goes on with what it finds.
    return local || !attempt(() => document.cookie.includes(`${CLICK_ENTRY_COOKIE_NAME}=`))
      ? visit(local)
      : later((lazy) => visit(lazy[2](mode)));

    /** The visit, once the stored click (any mode) is known. */
    function visit(found: StoredClick | null | undefined): unknown {
      // A click of the other mode stays stored (it is valid there) but is not used with this key:
      // its id could only produce MODE_MISMATCH conversions.
      const stored = found && found.mode === mode ? found : null;
      const older = stored ? stored.click_id : null;
      const ref = findRef(location.search, refParams);
      const action = planClick(stored, ref);
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
      const handover: Visit = [api as string, publicKey, mode, stored, action, ref, use];
      // Without a usable API origin nothing is recorded (config_invalid said why): the stored click
      // stays in use.
      if (!api) return use(older);
      // A link queued by an earlier failure: the lazy part decides what this visit records.
      if (attempt(() => localStorage.getItem(PENDING_STORAGE_KEY))) {
        return later((lazy) => lazy[1](handover));
      }
      if (action !== ClickAction.record) return use(older);
      // Under last_click the newer link is the one that counts: the older click is withheld while
      // it is recorded (docs/snippet.md). The request leaves now; the lazy part, loading meanwhile,
      // stores its answer (or queues the link for a retry).
      use(null);
      const sent = sendClick(api, publicKey, ref as string);
      return later((lazy) => lazy[1](handover, sent));
    }
  }
}

attempt(start);

// The contract between selgeo.js and selgeo-lazy.js, the part it loads only when a page needs it
// (Stripe elements to decorate, a click request's answer to store, a click to retry, a click only
// its cookie copy holds): the main file's size budget (snippet/build.ts) leaves no room for them.
// Positional, never renamed by the minifier, so that a main file and a lazy file of different
// builds (a CDN cache between deploys) still understand each other: append only.
import type { ClickAction } from "./click-policy";
import type { DebugEvent, StoredClick } from "./protocol";

/** Next to selgeo.js, wherever it is hosted (same origin: a CSP that allows one allows both). */
export const LAZY_FILE = "selgeo-lazy.js";

/**
 * Where selgeo.js loads its lazy part from: beside its own `src`, or for an inline copy (no src)
 * under the API base's `/v1/`. For the extension and the doctor: selgeo.ts writes the same
 * expression inline for its size budget, and tests/unit/snippet/lazy-load.test.ts holds the two
 * together. Null when neither is usable.
 */
export function lazyFileUrl(scriptSrc: string | null, apiBase: string | null): string | null {
  try {
    return new URL(LAZY_FILE, scriptSrc || `${apiBase}/v1/`).href;
  } catch {
    return null;
  }
}

/**
 * The debug events only selgeo-lazy.js announces (snippet/record.ts, selgeo-lazy.ts): one of them
 * on a page proves the lazy part ran there. The extension reads them; append as they move.
 */
export const LAZY_EVENT_TYPES: readonly DebugEvent["type"][] = [
  "click_recorded",
  "click_failed",
  "rate_limited",
  "click_queued",
  "links_decorated",
];

/** What the main file knows of this visit when it hands its click over to the lazy part. */
export type Visit = [
  api: string,
  key: string,
  mode: string,
  stored: StoredClick | null,
  action: ClickAction,
  ref: string | null,
  /**
   * Puts a click id (or null) wherever the page reads one: getClickId(), the Stripe elements;
   * resolves once they are decorated.
   */
  use: (clickId: string | null) => unknown,
];

export type Lazy = [
  /** Decorates the page's Payment Links and Stripe elements with `clickId` (links_decorated). */
  decorate: (clickId: string) => void,
  /**
   * Records, queues and retries the visit's click, given the request selgeo.js sent itself if
   * any (sendClick); resolves once the visit is settled for ready().
   */
  record: (visit: Visit, sent?: Promise<Response | undefined>) => unknown,
  /** The stored click, read from its cookie copy too (localStorage blocked, full or cleared). */
  load: (mode: string) => StoredClick | null,
];

/** The script element the main file inserts; the lazy file hands itself over through it. */
export interface LazyScript extends HTMLScriptElement {
  r: (lazy: Lazy) => void;
}

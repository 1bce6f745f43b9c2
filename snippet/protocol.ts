// The snippet ⇄ extension contract: how a Selgeo snippet tag is recognised, how its API origin
// is worked out, and the events it announces on the `selgeo:debug` channel. The snippet, the
// extension and the doctor all import this file; nothing here may touch the DOM or the network.

import { KEY_MAX_LENGTH, KEY_PATTERN, type Mode } from "../server/contract/key-format";

export const DEBUG_EVENT_NAME = "selgeo:debug";

export const OFFICIAL_CDN_HOST = "cdn.selgeo.com";
export const OFFICIAL_API_ORIGIN = "https://api.selgeo.com";

/** Query parameters read when the tag has no `data-ref-params`. */
export const DEFAULT_REF_PARAMS = ["ref"] as const;

export const CLICK_STORAGE_KEY = "selgeo_click";
/** The bare click id, for the merchant's own server (`selgeo_click_id=clk_…`). */
export const CLICK_COOKIE_NAME = "selgeo_click_id";
/**
 * The whole StoredClick, URI-encoded JSON (the localStorage entry's copy), read back by the
 * snippet when localStorage is blocked, full or cleared; trusted only next to a matching
 * CLICK_COOKIE_NAME cookie.
 */
export const CLICK_ENTRY_COOKIE_NAME = "selgeo_click";

export type KeyProblem = "missing" | "malformed" | "secret";

export type PublishableKeyCheck =
  | { ok: true; key: string; mode: Mode }
  | { ok: false; problem: KeyProblem };

/**
 * Reads a tag's `data-merchant` the way the snippet does, so the extension reports exactly the
 * problem that made the snippet stand down. Surrounding whitespace is forgiven because it is a
 * copy-paste accident, not a different key.
 */
export function checkPublishableKey(attribute: string | null | undefined): PublishableKeyCheck {
  const value = (attribute || "").trim();
  // parseKey's own test, inlined (the snippet's size budget).
  const match = value.length <= KEY_MAX_LENGTH && KEY_PATTERN.exec(value);
  return match && match[1] === "pk"
    ? { ok: true, key: value, mode: match[2] as Mode }
    : {
        ok: false,
        // Even a truncated secret key is a secret on a public page: that is the problem to report.
        problem: !value ? "missing" : value.startsWith("sk_") ? "secret" : "malformed",
      };
}

/**
 * A `selgeo:debug` event as its readers see it, named. On the wire the snippet sends each one as
 * a positional tuple (debug-wire.ts, whose decodeDebugEvent() gives back this shape).
 */
export type DebugEvent =
  /** `api` is null when `data-api` is unusable (then `config_invalid` follows). */
  | { type: "loaded"; version: string; key: string | null; api: string | null }
  /**
   * A tag attribute the snippet cannot use: `data-api` that is not an http(s) URL with a host.
   * The snippet then sends nothing (a stored click stays in use) rather than guess an address.
   */
  | { type: "config_invalid"; attribute: "data-api"; value: string }
  | { type: "key_invalid"; reason: KeyProblem; key: string | null }
  | { type: "no_ref"; params: string[] }
  | { type: "click_reused"; click_id: string; ref: string }
  /** first_click program: a visit with another ref keeps the stored click and sends nothing. */
  | { type: "click_kept"; click_id: string; ref: string; ignored_ref: string }
  | {
      type: "click_recorded";
      click_id: string;
      ref: string;
      mode: string;
      expires_at: string;
      attribution_model: string;
    }
  /**
   * `status` 0: no response reached the page (offline, DNS, CORS, CSP connect-src, a blocker).
   * `code`: the API's error code, or "bot" when the API answered but did not count the visit.
   */
  | { type: "click_failed"; status: number; code?: string; ref: string }
  | { type: "rate_limited"; retry_after: number | null; ref: string }
  /**
   * A click that failed for a reason that may pass (no response, 429, 5xx) is queued: retried
   * after `retry_in` ms on this page (null: on the next page load) and on later page loads.
   * Until it is recorded the snippet withholds `withheld`, the older stored click (null when
   * none): no link is decorated with it and getClickId() answers null, because under last_click
   * the newer partner's link is the one that counts.
   */
  | {
      type: "click_queued";
      ref: string;
      failed_attempts: number;
      retry_in: number | null;
      withheld: string | null;
    }
  /**
   * Sent when a scan changed something: `count` links/elements it decorated, `kept` those on the
   * page whose own (non-Selgeo) reference the snippet leaves alone.
   */
  | { type: "links_decorated"; count: number; click_id: string; kept?: number };

/**
 * Ids Selgeo issues start with this; a `client_reference_id` that does is an older Selgeo click
 * and is replaced, any other value is the merchant's own and is kept.
 */
export const CLICK_ID_PREFIX = "clk_";

/** Stripe's `client_reference_id` rules, which every click id satisfies (DESIGN.md § Tracking). */
export function isClickId(value: unknown): value is string {
  return typeof value === "string" && /^[\w-]{1,200}$/.test(value);
}

/** What the snippet keeps in localStorage and the CLICK_ENTRY_COOKIE_NAME cookie. */
export interface StoredClick {
  click_id: string;
  ref: string;
  mode: string;
  expires_at: string;
  attribution_model: string;
}

/** Where the snippet keeps a queued click (see `click_queued`) between page loads. */
export const PENDING_STORAGE_KEY = "selgeo_pending";

/**
 * A click that could not be recorded yet, as localStorage keeps it and as its retry reports it
 * to the API (the two extra fields of POST /api/v1/clicks), so the server can count clicks that
 * failed in the browser.
 */
export interface PendingClick {
  ref: string;
  mode: string;
  /** Failed requests so far. */
  failed_attempts: number;
  /** When the first request failed (ISO 8601). */
  first_failed_at: string;
}

/**
 * `window.__selgeo`, set by the snippet once it has read its tag (also when its key is invalid,
 * so pages can call it unconditionally once it exists).
 */
export interface SelgeoGlobal {
  version: string;
  /** The mode of `data-merchant`; null when the key is missing or unusable. */
  mode: Mode | null;
  /** The click id of this visitor (stored or just recorded), or null. */
  getClickId(): string | null;
  /**
   * Calls `callback(clickId)` once the snippet has settled this visit: reused, kept or recorded a
   * click, or known there is none. Waits at most a few seconds for the API.
   */
  ready(callback: (clickId: string | null) => void): void;
}

/** A script tag is Selgeo's when its path ends in `/selgeo.js` or it carries `data-merchant`. */
export function isSnippetSrc(src: string | null | undefined): boolean {
  if (!src) return false;
  try {
    return new URL(src, "http://x.invalid").pathname.endsWith("/selgeo.js");
  } catch {
    return false;
  }
}

/**
 * The API base, as the snippet works it out: `data-api` if given — an origin, or an origin with
 * a path prefix when the merchant proxies Selgeo under its own site (`https://shop.example/_selgeo`
 * → clicks go to `https://shop.example/_selgeo/api/v1/clicks`) — else the `api.` host for the
 * official CDN, else the script's own origin (self-hosted). No trailing slash, no query. Null,
 * never an exception, when `data-api` is not an http(s) URL with a host (`https//api…`,
 * `api.selgeo.com` without a scheme, `http://`, `::`): guessing would send clicks to the wrong
 * place, e.g. the CDN.
 */
export function resolveApiBase(scriptSrc: string, dataApi?: string | null): string | null {
  try {
    if (dataApi) {
      // `//api.example.com` (protocol-relative) is fine; a missing scheme or slash is not.
      if (!/^\s*(https?:)?\/\/[^/]/i.test(dataApi)) return null;
      // Query, fragment and trailing slashes go: the base is joined with `/api/v1/…`.
      return new URL(dataApi, scriptSrc).href.replace(/\/*([?#].*)?$/, "");
    }
    const src = new URL(scriptSrc);
    return src.hostname === OFFICIAL_CDN_HOST ? OFFICIAL_API_ORIGIN : src.origin;
  } catch {
    return null;
  }
}

/** The path every API call of the snippet starts with, after the API base. */
export const API_PATH_PREFIX = "/api/v1/";

/** `data-ref-params="ref,via"` → `["ref", "via"]`. */
export function parseRefParams(attribute: string | null | undefined): string[] {
  const names = (attribute || "").split(/[\s,]+/).filter(Boolean);
  return names[0] ? names : DEFAULT_REF_PARAMS.slice();
}

export const PAYMENT_LINK_HOST = "buy.stripe.com";
export const CLIENT_REFERENCE_PARAM = "client_reference_id";

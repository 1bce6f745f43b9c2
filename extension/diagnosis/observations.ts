// Turns the recorded timeline of one page into the facts the rules reason about. Pure: the same
// function runs in the panel, the popup, the background's badge and the headless doctor.

import { FAILED_CLICK_PREFIX } from "../../server/contract/failed-click";
import { parseDebugEvent } from "../../snippet/debug-event-schema";
import { LAZY_EVENT_TYPES } from "../../snippet/lazy-contract";
import { type DebugEvent, parseRefParams, type StoredClick } from "../../snippet/protocol";
import type {
  CspViolation,
  ExposedSecret,
  KeyCheck,
  RequestRecord,
  Snapshot,
  SnippetTag,
  StripeElement,
  StripeLink,
  TimelineEntry,
} from "../session/events";
import { policyAllows } from "./csp";
import { apiBaseOf, isApiCall, isApiViolationUrl, lazyUrlOf, originOf } from "./hosts";
import { classifyKey, type KeyClass } from "./key";

export interface Observations {
  pageUrl: string | null;
  /** The content script has watched the page well past `load`: absence now means absence. */
  settled: boolean;
  /** Every snippet tag on the page; the first one is the one diagnosed. */
  tags: SnippetTag[];
  tag: SnippetTag | null;
  snippetOrigin: string | null;
  /** Where the snippet sends clicks: an origin, or a first-party proxy's `origin/prefix`. */
  apiBase: string | null;
  /** The API base's origin: what a CSP source must allow. */
  apiOrigin: string | null;
  key: { value: string | null; class: KeyClass; check: KeyCheck | null };
  refParams: string[];
  ref: { param: string; value: string } | null;
  /** The request that fetched the snippet file, when webRequest saw one. */
  snippetRequest: RequestRecord | null;
  apiRequests: RequestRecord[];
  /** Selgeo's violations: the snippet file or the API (never selgeo-lazy.js: see below). */
  cspViolations: CspViolation[];
  debugEvents: DebugEvent[];
  /** The snippet ran: it announced itself, or its tag fired `load`. */
  snippetExecuted: boolean;
  /** Where the snippet loads selgeo-lazy.js, its on-demand part (snippet/lazy-contract.ts). */
  lazyUrl: string | null;
  /** The last request for selgeo-lazy.js, when webRequest saw one. */
  lazyRequest: RequestRecord | null;
  /** CSP violations that blocked selgeo-lazy.js while selgeo.js itself was let through. */
  lazyCspViolations: CspViolation[];
  /** selgeo-lazy.js ran: it announced one of the events only it sends. */
  lazyRan: boolean;
  storedClick: StoredClick | null;
  /** From localStorage, else the cookie. */
  clickId: string | null;
  stripeLinks: StripeLink[];
  stripeElements: StripeElement[];
  exposedSecrets: ExposedSecret[];
}

function parseStoredClick(value: unknown): StoredClick | null {
  let data = value;
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (typeof data !== "object" || data === null) return null;
  const click = data as Partial<StoredClick>;
  return typeof click.click_id === "string" ? (click as StoredClick) : null;
}

function findRef(pageUrl: string | null, params: string[]): Observations["ref"] {
  if (!pageUrl) return null;
  let search: URLSearchParams;
  try {
    search = new URL(pageUrl).searchParams;
  } catch {
    return null;
  }
  for (const param of params) {
    const value = search.get(param);
    if (value) return { param, value };
  }
  return null;
}

/** Which of Selgeo's files or calls a CSP violation blocked, if any. */
type ViolationTarget = "snippet" | "lazy" | "api" | null;

/**
 * Snippet and API may share one origin, so the directive decides which of the two was blocked.
 * selgeo-lazy.js shares the snippet's origin: a violation naming it is the lazy part's, and so is
 * one naming only the origin (cross-origin reports may be cut to it) under a policy that admits
 * selgeo.js itself — a policy naming selgeo.js by its full path.
 */
function violationTarget(
  v: CspViolation,
  tag: SnippetTag | null,
  apiBase: string | null,
  lazyUrl: string | null,
  pageUrl: string | null,
): ViolationTarget {
  if (v.effectiveDirective === "connect-src") {
    return apiBase !== null && isApiViolationUrl(v.blockedUrl, apiBase) ? "api" : null;
  }
  const isScript =
    v.effectiveDirective.startsWith("script-src") || v.effectiveDirective === "default-src";
  if (!isScript) return null;
  // An inline copy (no src) loads its lazy part from the API's origin: that URL is all it has.
  if (v.blockedUrl === lazyUrl) return "lazy";
  const src = tag?.src;
  if (!src) return null;
  if (v.blockedUrl === src) return "snippet";
  const origin = originOf(src);
  if (originOf(v.blockedUrl) !== origin) return null;
  const originOnly = v.blockedUrl.replace(/\/$/, "") === origin;
  if (!originOnly || !lazyUrl || originOf(lazyUrl) !== origin) return "snippet";
  const self = originOf(pageUrl) ?? "null";
  return policyAllows(v.originalPolicy, "script-src-elem", src, self) ? "lazy" : "snippet";
}

/** `entries` must belong to one page, in recording order. */
export function observe(entries: TimelineEntry[]): Observations {
  let snapshot: Snapshot | null = null;
  let pageUrl: string | null = null;
  const requests: RequestRecord[] = [];
  const violations: CspViolation[] = [];
  const debugEvents: DebugEvent[] = [];
  const keyChecks: KeyCheck[] = [];
  for (const { event } of entries) {
    switch (event.kind) {
      case "navigation":
        pageUrl ??= event.url;
        break;
      case "snapshot":
        snapshot = event;
        pageUrl = event.url;
        break;
      case "csp_violation":
        violations.push(event);
        break;
      case "debug_event": {
        // Recorded as the page sent it; only what the snippet itself sends is reasoned about.
        const parsed = parseDebugEvent(event.event);
        if (parsed) debugEvents.push(parsed);
        break;
      }
      case "request":
        requests.push(event);
        break;
      case "key_check":
        keyChecks.push(event);
        break;
    }
  }
  const tags = snapshot?.tags ?? [];
  const tag = tags[0] ?? null;
  const apiBase = tag && pageUrl ? apiBaseOf(tag, pageUrl) : null;
  const apiOrigin = originOf(apiBase);
  const keyValue = tag?.merchant ?? null;
  const storedClick = parseStoredClick(snapshot?.storedClick.local ?? null);
  const refParams = parseRefParams(tag?.refParams);
  const lazyUrl = tag && pageUrl ? lazyUrlOf(tag, pageUrl) : null;
  // Never the snippet, never an API call: the lazy part's own request.
  const lazyRequest = [...requests].reverse().find((r) => r.url === lazyUrl) ?? null;
  const snippetRequest =
    [...requests].reverse().find((r) => tag?.src && r.url === tag.src) ??
    [...requests].reverse().find((r) => r.resourceType === "script" && r !== lazyRequest) ??
    null;
  const targets = violations.map((v) => violationTarget(v, tag, apiBase, lazyUrl, pageUrl));
  const loadedEvent = debugEvents.some((e) => e.type === "loaded");
  return {
    pageUrl,
    settled: snapshot?.phase === "settled",
    tags,
    tag,
    snippetOrigin: originOf(tag?.src ?? null),
    apiBase,
    apiOrigin,
    key: {
      value: keyValue,
      class: classifyKey(keyValue),
      check:
        [...keyChecks].reverse().find((c) => c.apiOrigin === apiBase) ?? keyChecks.at(-1) ?? null,
    },
    refParams,
    ref: findRef(pageUrl, refParams),
    snippetRequest,
    apiRequests: requests.filter(
      (r) => r !== snippetRequest && apiBase !== null && isApiCall(r.url, apiBase),
    ),
    cspViolations: violations.filter((_, i) => targets[i] === "snippet" || targets[i] === "api"),
    debugEvents,
    snippetExecuted: loadedEvent || tag?.loadState === "loaded",
    lazyUrl,
    lazyRequest,
    lazyCspViolations: violations.filter((_, i) => targets[i] === "lazy"),
    lazyRan: debugEvents.some((e) => LAZY_EVENT_TYPES.includes(e.type)),
    storedClick,
    clickId: realClickId(storedClick?.click_id ?? snapshot?.storedClick.cookie ?? null),
    stripeLinks: snapshot?.stripeLinks ?? [],
    stripeElements: snapshot?.stripeElements ?? [],
    exposedSecrets: snapshot?.exposedSecrets ?? [],
  };
}

/**
 * The snippet's stand-in while a click could not be recorded (`clk_failed_<ref>`, kept where a
 * click id goes so the sale still says why) is not a click: the page has none yet.
 */
function realClickId(id: string | null): string | null {
  return id?.startsWith(FAILED_CLICK_PREFIX) ? null : id;
}

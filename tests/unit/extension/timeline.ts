// Builders for recorded timelines, so each rule test states only what differs from a healthy
// page: a live key on the official CDN, ?ref=demo, a recorded click, a decorated Payment Link.

import { type Observations, observe } from "../../../extension/diagnosis/observations";
import type {
  CspViolation,
  KeyCheck,
  RequestRecord,
  Snapshot,
  SnippetTag,
  TimelineEntry,
  TimelineEvent,
} from "../../../extension/session/events";
import type { DebugEvent } from "../../../snippet/protocol";

export const KEYS = {
  pk_live: `pk_live_${"L".repeat(24)}`,
  pk_test: `pk_test_${"T".repeat(24)}`,
  sk_live_masked: "sk_live_…SSSS",
};

export const PAGE_URL = "https://shop.example.com/pricing?ref=demo";
export const SNIPPET_SRC = "https://cdn.selgeo.com/v1/selgeo.js";
/** Where the snippet at SNIPPET_SRC loads its lazy part (snippet/lazy-contract.ts). */
export const LAZY_SRC = "https://cdn.selgeo.com/v1/selgeo-lazy.js";
export const API = "https://api.selgeo.com";
export const CLICK_ID = "clk_abc123";

export function tag(overrides: Partial<SnippetTag> = {}): SnippetTag {
  return {
    src: SNIPPET_SRC,
    merchant: KEYS.pk_live,
    api: null,
    refParams: null,
    keyLikeAttributes: [],
    loadState: "loaded",
    hasNonce: false,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    kind: "snapshot",
    url: PAGE_URL,
    phase: "settled",
    tags: [tag()],
    storedClick: {
      local: JSON.stringify({
        click_id: CLICK_ID,
        ref: "demo",
        mode: "live",
        expires_at: "2030-01-01T00:00:00Z",
        attribution_model: "last_click",
      }),
      cookie: CLICK_ID,
    },
    stripeLinks: [
      {
        href: `https://buy.stripe.com/x?client_reference_id=${CLICK_ID}`,
        clientReferenceId: CLICK_ID,
        inShadowRoot: false,
      },
    ],
    stripeElements: [],
    exposedSecrets: [],
    ...overrides,
  };
}

export function request(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    kind: "request",
    url: `${API}/api/v1/clicks`,
    method: "POST",
    resourceType: "xmlhttprequest",
    status: 201,
    error: null,
    requestId: "req_click1",
    retryAfter: null,
    contentType: "application/json",
    durationMs: 40,
    ...overrides,
  };
}

export function snippetRequest(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return request({
    url: SNIPPET_SRC,
    method: "GET",
    resourceType: "script",
    status: 200,
    requestId: null,
    contentType: "text/javascript; charset=utf-8",
    ...overrides,
  });
}

export function lazyRequest(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return snippetRequest({ url: LAZY_SRC, ...overrides });
}

export function violation(overrides: Partial<CspViolation> = {}): CspViolation {
  return {
    kind: "csp_violation",
    blockedUrl: SNIPPET_SRC,
    effectiveDirective: "script-src-elem",
    violatedDirective: "script-src-elem",
    originalPolicy: "default-src 'self'; script-src 'self' https://js.stripe.com",
    disposition: "enforce",
    ...overrides,
  };
}

export function debug(event: DebugEvent): TimelineEvent {
  return { kind: "debug_event", event };
}

export function keyCheck(result: KeyCheck["result"], error: string | null = null): KeyCheck {
  return {
    kind: "key_check",
    apiOrigin: API,
    key: KEYS.pk_live,
    result,
    error,
    requestId: "req_check1",
  };
}

export const VALID_LIVE = keyCheck({ valid: true, mode: "live", merchant: "Acme" });

/** The events of a page where everything works. */
export function healthyEvents(): TimelineEvent[] {
  return [
    { kind: "navigation", url: PAGE_URL },
    snippetRequest(),
    debug({ type: "loaded", version: "1.0.0", key: KEYS.pk_live, api: API }),
    request(),
    debug({
      type: "click_recorded",
      click_id: CLICK_ID,
      ref: "demo",
      mode: "live",
      expires_at: "2030-01-01T00:00:00Z",
      attribution_model: "last_click",
    }),
    snapshot(),
    VALID_LIVE,
  ];
}

export function entries(events: TimelineEvent[]): TimelineEntry[] {
  return events.map((event, i) => ({ id: i + 1, tabId: 1, pageId: "p1", at: 1000 + i, event }));
}

export function observations(events: TimelineEvent[]): Observations {
  return observe(entries(events));
}

/** A healthy page with some events replaced: `without` drops events of those kinds first. */
export function healthyWith(
  extra: TimelineEvent[],
  options: { without?: TimelineEvent["kind"][]; snapshot?: Partial<Snapshot> } = {},
): Observations {
  const base = healthyEvents()
    .filter((e) => !options.without?.includes(e.kind))
    .map((e) => (e.kind === "snapshot" && options.snapshot ? snapshot(options.snapshot) : e));
  return observations([...base, ...extra]);
}

/**
 * selgeo.js ran and sent its click (201), then selgeo-lazy.js did not run: no event of its own,
 * nothing stored. `extra`: what happened to the lazy part (its request, a violation).
 */
export function lazyFailedWith(
  extra: TimelineEvent[],
  options: { snapshot?: Partial<Snapshot> } = {},
): Observations {
  return healthyWith(
    [debug({ type: "loaded", version: "1.0.0", key: KEYS.pk_live, api: API }), ...extra],
    {
      without: ["debug_event"],
      snapshot: { storedClick: { local: null, cookie: null }, ...options.snapshot },
    },
  );
}

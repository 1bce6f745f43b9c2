// What the extension records about a tab, one timeline event at a time. The content script,
// the background recorder, the store, the rules and the support bundle all speak this shape;
// the zod schemas double as the bundle's validation (extension/bundle/schema.ts).
import { z } from "zod";

/** A `<script>` that is Selgeo's by its `src` path or its `data-merchant` (snippet/protocol.ts). */
export const snippetTagSchema = z.object({
  /** Absolute URL, or null for an inline script that carries `data-merchant`. */
  src: z.string().nullable(),
  /** `data-merchant` as written; secret keys are already masked by the content script. */
  merchant: z.string().nullable(),
  api: z.string().nullable(),
  refParams: z.string().nullable(),
  /** Other attributes whose value looks like a key: a misspelt `data-merchant`. */
  keyLikeAttributes: z.array(z.object({ name: z.string(), value: z.string() })),
  /** From the element's own load/error events. */
  loadState: z.enum(["pending", "loaded", "error"]),
  /** `nonce` present: matters when the page's CSP uses 'strict-dynamic' or nonces. */
  hasNonce: z.boolean(),
});
export type SnippetTag = z.infer<typeof snippetTagSchema>;

export const stripeLinkSchema = z.object({
  href: z.string(),
  clientReferenceId: z.string().nullable(),
  /** Inside a shadow root the snippet's document-wide scan cannot reach. */
  inShadowRoot: z.boolean(),
});
export type StripeLink = z.infer<typeof stripeLinkSchema>;

export const stripeElementSchema = z.object({
  tag: z.enum(["stripe-pricing-table", "stripe-buy-button"]),
  clientReferenceId: z.string().nullable(),
});
export type StripeElement = z.infer<typeof stripeElementSchema>;

export const exposedSecretSchema = z.object({
  /** Masked (`sk_live_…abcd`): the full secret never leaves the page. */
  key: z.string(),
  where: z.enum(["data-merchant", "inline script", "page html"]),
});
export type ExposedSecret = z.infer<typeof exposedSecretSchema>;

/** What the content script sees of the page at one moment. */
export const snapshotSchema = z.object({
  kind: z.literal("snapshot"),
  url: z.string(),
  /** `settled` = some time after `load`, when a healthy snippet has finished its work. */
  phase: z.enum(["interactive", "complete", "settled"]),
  tags: z.array(snippetTagSchema),
  /** localStorage's CLICK_STORAGE_KEY as stored, and the CLICK_COOKIE_NAME cookie's value only. */
  storedClick: z.object({ local: z.unknown().nullable(), cookie: z.string().nullable() }),
  stripeLinks: z.array(stripeLinkSchema),
  stripeElements: z.array(stripeElementSchema),
  exposedSecrets: z.array(exposedSecretSchema),
  /** Cut to the store's size limit (extension/store/caps.ts): lists and strings are shortened. */
  truncated: z.boolean().optional(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export const cspViolationSchema = z.object({
  kind: z.literal("csp_violation"),
  blockedUrl: z.string(),
  effectiveDirective: z.string(),
  violatedDirective: z.string(),
  originalPolicy: z.string(),
  disposition: z.enum(["enforce", "report"]),
  truncated: z.boolean().optional(),
});
export type CspViolation = z.infer<typeof cspViolationSchema>;

/** One `selgeo:debug` event as the snippet sent it (types in snippet/protocol.ts). */
export const debugEventSchema = z.object({
  kind: z.literal("debug_event"),
  event: z.looseObject({ type: z.string() }),
  truncated: z.boolean().optional(),
});
export type DebugEventEntry = z.infer<typeof debugEventSchema>;

/** A request to the snippet or API host, as webRequest saw it. */
export const requestSchema = z.object({
  kind: z.literal("request"),
  url: z.string(),
  method: z.string(),
  resourceType: z.string(),
  /**
   * HTTP status, or null when the request never got a response. Kept from the response headers
   * even when the browser then blocked the body (`error` says how).
   */
  status: z.number().int().nullable(),
  /**
   * Network error such as `net::ERR_CONNECTION_REFUSED` or `net::ERR_BLOCKED_BY_CLIENT`; with a
   * status, the browser refused the answer after it came (`net::ERR_BLOCKED_BY_ORB`).
   */
  error: z.string().nullable(),
  requestId: z.string().nullable(),
  retryAfter: z.string().nullable(),
  /** The response's Content-Type: a Selgeo API answers JSON, a shop's page answers HTML. */
  contentType: z.string().nullable().default(null),
  durationMs: z.number().nullable(),
  truncated: z.boolean().optional(),
});
export type RequestRecord = z.infer<typeof requestSchema>;

export const keyCheckResultSchema = z.union([
  z.object({ valid: z.literal(true), mode: z.string(), merchant: z.string() }),
  z.object({ valid: z.literal(false), reason: z.string() }),
]);
export type KeyCheckResult = z.infer<typeof keyCheckResultSchema>;

/** The answer of `GET /api/v1/keys/check` for the page's key, or why there is none. */
export const keyCheckSchema = z.object({
  kind: z.literal("key_check"),
  /** The API base asked: its origin, plus a first-party proxy's path prefix when there is one. */
  apiOrigin: z.string(),
  key: z.string(),
  result: keyCheckResultSchema.nullable(),
  error: z.string().nullable(),
  requestId: z.string().nullable(),
  truncated: z.boolean().optional(),
});
export type KeyCheck = z.infer<typeof keyCheckSchema>;

export const navigationSchema = z.object({
  kind: z.literal("navigation"),
  url: z.string(),
  truncated: z.boolean().optional(),
});
export type Navigation = z.infer<typeof navigationSchema>;

export const timelineEventSchema = z.discriminatedUnion("kind", [
  navigationSchema,
  snapshotSchema,
  cspViolationSchema,
  debugEventSchema,
  requestSchema,
  keyCheckSchema,
]);
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export type TimelineKind = TimelineEvent["kind"];

/** A recorded event: which tab and page it belongs to, and when. */
export const timelineEntrySchema = z.object({
  id: z.number().int().optional(),
  tabId: z.number().int(),
  pageId: z.string(),
  at: z.number(),
  event: timelineEventSchema,
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** One document shown in a tab; a navigation starts a new page. */
export const pageSchema = z.object({
  pageId: z.string(),
  tabId: z.number().int(),
  url: z.string(),
  startedAt: z.number(),
  /** Random id the content script gives its document, to notice navigations webRequest missed. */
  documentToken: z.string().nullable(),
});
export type Page = z.infer<typeof pageSchema>;

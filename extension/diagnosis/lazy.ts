// selgeo-lazy.js, the part selgeo.js loads on demand (snippet/lazy-contract.ts): why it could not
// run on a page, in one place for its rules and for the session's readiness (a lazy part that
// cannot run never announces the click's outcome, so nobody waits for it). selgeo.js sends the
// click request itself, so Selgeo counts the click; storing its answer, decorating Stripe links
// and retrying are the lazy part's, and are lost.
import { answeredWithError, droppedByPage, isBlockedByClient } from "./netErrors";
import type { Observations } from "./observations";

export const LAZY_FILE_LOST =
  "The click request still reaches Selgeo and is counted, but this browser does not store the click id, decorate Stripe Payment Links or retry a failed click, so conversions from this visit arrive without a click_id.";

/**
 * - `csp`: the page's enforced policy refused it (selgeo.js was let through).
 * - `blocked`: an extension cancelled its request.
 * - `not-found`: a 4xx, or an HTML page where the script should be (a catch-all route).
 * - `network`: no answer, a 5xx, or an answer the browser refused.
 */
export type LazyFailure = "csp" | "blocked" | "not-found" | "network";

export function lazyFailure(o: Observations): LazyFailure | null {
  if (o.lazyCspViolations.some((v) => v.disposition === "enforce")) return "csp";
  const r = o.lazyRequest;
  if (!r) return null;
  if (isBlockedByClient(r.error)) return "blocked";
  if (r.status !== null && r.status >= 400 && r.status < 500) return "not-found";
  if (r.status !== null && r.status < 400 && isHtml(r.contentType)) return "not-found";
  if (answeredWithError(r) || (r.error !== null && !droppedByPage(r))) return "network";
  return null;
}

export function isHtml(contentType: string | null): boolean {
  return /^text\/html\b/i.test(contentType?.trim() ?? "");
}

/** What shows that selgeo.js itself ran and where it looked for its lazy part. */
export function lazyContext(o: Observations): string[] {
  const loaded = o.debugEvents.find((e) => e.type === "loaded");
  return [
    `selgeo.js ran${loaded?.type === "loaded" ? ` (version ${loaded.version})` : ""}: ${o.tag?.src ?? "inline copy"}`,
    `selgeo-lazy.js expected at: ${o.lazyUrl}`,
  ];
}

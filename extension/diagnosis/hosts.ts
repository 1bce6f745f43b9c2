// Which origins and API bases are Selgeo's for a page: worked out from the page's own snippet
// tags exactly as the snippet does (snippet/protocol.ts), so self-hosted installs and first-party
// proxies (`data-api="https://shop.example/_selgeo"`) need no settings.
import { lazyFileUrl } from "../../snippet/lazy-contract";
import { API_PATH_PREFIX, isSnippetSrc, resolveApiBase } from "../../snippet/protocol";
import type { SnippetTag } from "../session/events";

export interface SelgeoOrigins {
  /** Origins the snippet files come from. */
  snippet: string[];
  /** API bases: an origin, or an origin with a first-party proxy's path prefix. */
  api: string[];
  /** Where each tag's snippet loads selgeo-lazy.js from (snippet/lazy-contract.ts). */
  lazy: string[];
}

export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * The API base a tag's snippet will call, or null when it cannot be worked out (an unusable
 * `data-api` such as `https//api…`: the snippet then calls nothing and says `config_invalid`).
 * Never throws, whatever the page put in the tag.
 */
export function apiBaseOf(tag: Pick<SnippetTag, "src" | "api">, pageUrl: string): string | null {
  return resolveApiBase(tag.src ?? pageUrl, tag.api);
}

/** Whether `url` is a call of Selgeo's API under `base` (`…/_selgeo/api/v1/clicks`). */
export function isApiCall(url: string, base: string): boolean {
  return url.startsWith(`${base}${API_PATH_PREFIX}`);
}

/** Whether `url` is a click request's endpoint (`…/api/v1/clicks`), under any API base. */
export function isClickEndpoint(url: string): boolean {
  return (url.split(/[?#]/)[0] ?? "").endsWith(`${API_PATH_PREFIX}clicks`);
}

/**
 * Whether a URL a CSP violation names is the API under `base`. Browsers report a cross-origin
 * blocked URL stripped to its origin, so an origin alone also counts when the base is elsewhere.
 */
export function isApiViolationUrl(blockedUrl: string, base: string): boolean {
  if (isApiCall(blockedUrl, base)) return true;
  const origin = originOf(blockedUrl);
  return origin !== null && origin === originOf(base) && blockedUrl.replace(/\/$/, "") === origin;
}

/**
 * Where a tag's snippet loads its lazy part, or null: an inline copy without a usable API base
 * loads nothing (it sends no click either).
 */
export function lazyUrlOf(tag: Pick<SnippetTag, "src" | "api">, pageUrl: string): string | null {
  const apiBase = apiBaseOf(tag, pageUrl);
  return tag.src || apiBase ? lazyFileUrl(tag.src, apiBase) : null;
}

export function selgeoOrigins(tags: SnippetTag[], pageUrl: string): SelgeoOrigins {
  const snippet = new Set<string>();
  const api = new Set<string>();
  const lazy = new Set<string>();
  for (const tag of tags) {
    const scriptOrigin = originOf(tag.src);
    if (scriptOrigin) snippet.add(scriptOrigin);
    const apiBase = apiBaseOf(tag, pageUrl);
    if (apiBase) api.add(apiBase);
    const lazyUrl = lazyUrlOf(tag, pageUrl);
    if (lazyUrl) lazy.add(lazyUrl);
  }
  return { snippet: [...snippet], api: [...api], lazy: [...lazy] };
}

/**
 * Whether a request belongs to Selgeo: the snippet file itself, any script on a snippet tag's
 * src, the lazy part beside it, or an API call under a resolved API base. A self-hosted snippet or
 * a first-party proxy shares the merchant's origin, so there only Selgeo's paths count, never the
 * shop's own pages.
 */
export function isSelgeoRequest(url: string, origins: SelgeoOrigins, tagSrcs: string[]): boolean {
  if (isSnippetSrc(url) || tagSrcs.includes(url) || origins.lazy.includes(url)) return true;
  return origins.api.some((base) => isApiCall(url, base));
}

// Which origins are Selgeo's for a page: worked out from the page's own snippet tags exactly as
// the snippet does (snippet/protocol.ts), so self-hosted and local installs need no settings.
import { isSnippetSrc, resolveApiOrigin } from "../../snippet/protocol";
import type { SnippetTag } from "../session/events";

export interface SelgeoOrigins {
  snippet: string[];
  api: string[];
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * The API origin a tag's snippet will call, or null when it cannot be worked out (an unusable
 * `data-api` such as `https//api…`: the snippet then calls nothing and says `config_invalid`).
 * Never throws, whatever the page put in the tag.
 */
export function apiOriginOf(tag: Pick<SnippetTag, "src" | "api">, pageUrl: string): string | null {
  return resolveApiOrigin(tag.src ?? pageUrl, tag.api);
}

export function selgeoOrigins(tags: SnippetTag[], pageUrl: string): SelgeoOrigins {
  const snippet = new Set<string>();
  const api = new Set<string>();
  for (const tag of tags) {
    const scriptOrigin = tag.src ? originOf(tag.src) : null;
    if (scriptOrigin) snippet.add(scriptOrigin);
    const apiOrigin = apiOriginOf(tag, pageUrl);
    if (apiOrigin) api.add(apiOrigin);
  }
  return { snippet: [...snippet], api: [...api] };
}

/**
 * Whether a request belongs to Selgeo: the snippet file itself, any script on a snippet tag's
 * src, or anything sent to a resolved API origin. A self-hosted snippet shares the merchant's
 * origin, so on a snippet origin only the snippet's path counts.
 */
export function isSelgeoRequest(url: string, origins: SelgeoOrigins, tagSrcs: string[]): boolean {
  if (isSnippetSrc(url) || tagSrcs.includes(url)) return true;
  const origin = originOf(url);
  if (!origin) return false;
  if (origins.api.includes(origin)) return new URL(url).pathname.startsWith("/api/v1/");
  return false;
}

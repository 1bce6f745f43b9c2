// Records a click: one POST to the Tracking API, sent as text/plain JSON so the browser needs no
// CORS preflight, with keepalive so it survives the visitor leaving the page at once.
import { DOCS_BASE_URL } from "../server/contract/errors";
import { isClickId, type StoredClick } from "./protocol";

export type ClickResult =
  | { ok: true; click: StoredClick }
  | {
      ok: false;
      /** 0 when the browser got no response: offline, DNS, CORS, CSP connect-src, a blocker. */
      status: number;
      code?: string;
      retryAfter: number | null;
      limit: number | null;
    };

/** DESIGN.md § Tracking; the API may announce another one in RateLimit-Limit. */
export const DOCUMENTED_RATE_LIMIT = 1000;

/** Cut so a click with a huge tracking URL never trips the API's 16 KiB body limit. */
export const MAX_URL_LENGTH = 2048;

export async function requestClick(api: string, key: string, ref: string): Promise<ClickResult> {
  let response: Response;
  try {
    response = await fetch(`${api}/api/v1/clicks`, {
      method: "POST",
      keepalive: true,
      // The merchant's cookies are none of the API's business, even when it shares their origin.
      credentials: "omit",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({
        key,
        ref,
        url: location.href.slice(0, MAX_URL_LENGTH),
        referrer: document.referrer.slice(0, MAX_URL_LENGTH),
      }),
    });
  } catch {
    return { ok: false, status: 0, retryAfter: null, limit: null };
  }
  const body = await response.json().catch(() => null);
  const click = response.ok ? parseClickResponse(body, ref) : null;
  if (click) return { ok: true, click };
  return {
    ok: false,
    status: response.status,
    code: response.ok ? "INVALID_RESPONSE" : body?.error?.code,
    retryAfter: headerNumber(response, "Retry-After"),
    limit: headerNumber(response, "RateLimit-Limit"),
  };
}

/** The 201/200 body as a StoredClick, or null when it is not one (never trust it blindly). */
export function parseClickResponse(body: unknown, ref: string): StoredClick | null {
  const click = body as Partial<StoredClick> | null;
  if (
    !click ||
    !isClickId(click.click_id) ||
    typeof click.mode !== "string" ||
    typeof click.expires_at !== "string" ||
    Number.isNaN(Date.parse(click.expires_at))
  ) {
    return null;
  }
  return {
    click_id: click.click_id,
    ref,
    mode: click.mode,
    expires_at: click.expires_at,
    // last_click is the documented default; anything unknown must not freeze the stored click.
    attribution_model: click.attribution_model === "first_click" ? "first_click" : "last_click",
  };
}

export function rateLimitMessage(limit: number | null, retryAfter: number | null): string {
  const perMinute = (limit ?? DOCUMENTED_RATE_LIMIT).toLocaleString("en-US");
  const retry = retryAfter === null ? "" : ` Retry after ${retryAfter} s.`;
  return `Selgeo: click not recorded, rate limit exceeded (HTTP 429): the tracking endpoint allows ${perMinute} requests per minute per public key.${retry} ${DOCS_BASE_URL}#rate-limited`;
}

/** Only readable when the API lists the header in Access-Control-Expose-Headers. */
function headerNumber(response: Response, name: string): number | null {
  const value = Number.parseInt(response.headers.get(name) ?? "", 10);
  return value >= 0 ? value : null;
}

// Asks the page's own Selgeo API whether its publishable key works (GET /api/v1/keys/check),
// from the background so page CSP and CORS cannot interfere. Only well-formed publishable keys
// are sent: a secret key found in a page is never put on the wire again.
import type { KeyCheck } from "../session/events";
import { keyCheckResultSchema } from "../session/events";

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export const KEY_CHECK_TIMEOUT_MS = 5000;

export async function checkKey(
  fetchImpl: FetchLike,
  apiBase: string,
  key: string,
  timeoutMs = KEY_CHECK_TIMEOUT_MS,
): Promise<KeyCheck> {
  const url = `${apiBase}/api/v1/keys/check?key=${encodeURIComponent(key)}`;
  const base = { kind: "key_check" as const, apiOrigin: apiBase, key };
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
    const requestId = response.headers.get("x-request-id");
    const parsed = keyCheckResultSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      return {
        ...base,
        result: null,
        error: `unexpected answer (HTTP ${response.status})`,
        requestId,
      };
    }
    return { ...base, result: parsed.data, error: null, requestId };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, result: null, error: message, requestId: null };
  }
}

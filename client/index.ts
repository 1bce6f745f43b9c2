// `selgeo/client`: a typed client of the Selgeo API for merchants' servers. Its types are
// generated from the server's OpenAPI document (openapi.ts, openapi-typescript); requests go
// through openapi-fetch, with an Idempotency-Key on every POST and bounded retries of 429 and
// 503 honouring Retry-After (retry.ts). docs/client.md shows it in use.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./openapi";
import { type RetryOptions, retryingFetch } from "./retry";

export type { components, operations, paths } from "./openapi";
export { retryAfterMs, retryDelayMs } from "./retry";

export interface SelgeoClientOptions extends Omit<RetryOptions, "fetch"> {
  /** A secret key, sk_test_… or sk_live_…: its mode selects the data. */
  apiKey: string;
  /** Default https://api.selgeo.com; a server of your own: its origin. */
  baseUrl?: string;
  /** The fetch to send with (default the global one). */
  fetch?: (request: Request) => Promise<Response>;
}

export type SelgeoClient = Client<paths>;

export function createSelgeoClient(options: SelgeoClientOptions): SelgeoClient {
  const { apiKey, baseUrl = "https://api.selgeo.com", ...retry } = options;
  return createClient<paths>({
    baseUrl,
    headers: { Authorization: `Bearer ${apiKey}` },
    fetch: retryingFetch(retry),
  });
}

import type { Context } from "hono";
import { newId } from "../lib/ids";
import type { AppEnv } from "./env";
import { requestHeader } from "./request-headers";
import { setResponseHeader } from "./response-headers";

export const REQUEST_ID_HEADER = "X-Request-Id";

/** The caller's own id is kept when it is sane: printable ASCII, at most 200 characters. */
export function acceptableRequestId(value: string | undefined): value is string {
  return (
    value !== undefined && value.length > 0 && value.length <= 200 && /^[\x20-\x7e]+$/.test(value)
  );
}

/** The id a request goes by: the caller's X-Request-Id when acceptable, else a new one. */
export function requestIdFor(header: string | undefined): string {
  const given = header?.trim();
  return acceptableRequestId(given) ? given : newId("req");
}

/** The request's id, the caller's or a new one, kept in the context and echoed on the response. */
export function assignRequestId(c: Context<AppEnv>): void {
  const id = requestIdFor(requestHeader(c, "x-request-id"));
  c.set("requestId", id);
  // Set before the route runs, so every response carries it, errors included; reading c.res
  // afterwards would force a heavyweight Response.
  setResponseHeader(c, REQUEST_ID_HEADER, id);
}

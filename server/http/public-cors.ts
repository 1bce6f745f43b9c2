// CORS for the two endpoints browsers call from merchants' pages (any origin, no credentials).
// Written here rather than with hono/cors because that middleware touches `c.res` before the
// handler runs, which makes every response be rebuilt and merged afterwards. These headers are
// set the way response-headers.ts explains, so whatever response follows carries them, errors
// included; the click listener (click-listener.ts) writes the same ones.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";
import { setResponseHeader } from "./response-headers";

/** What every answer of a public endpoint carries, errors included: any page may read it. */
export const PUBLIC_CORS_HEADERS = [
  ["Access-Control-Allow-Origin", "*"],
  [
    "Access-Control-Expose-Headers",
    [
      "X-Request-Id",
      "Retry-After",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
      "RateLimit-Policy",
    ].join(", "),
  ],
] as const;

export function publicCors(methods: string[]): MiddlewareHandler<AppEnv> {
  const allowMethods = [...methods, "OPTIONS"].join(", ");
  return async (c, next) => {
    for (const [name, value] of PUBLIC_CORS_HEADERS) setResponseHeader(c, name, value);
    if (c.req.method === "OPTIONS") {
      setResponseHeader(c, "Access-Control-Allow-Methods", allowMethods);
      setResponseHeader(
        c,
        "Access-Control-Allow-Headers",
        "Content-Type, Authorization, X-Request-Id",
      );
      setResponseHeader(c, "Access-Control-Max-Age", "86400");
      return c.body(null, 204);
    }
    await next();
  };
}

// CORS for the two endpoints browsers call from merchants' pages (any origin, no credentials).
// Written here rather than with hono/cors because that middleware touches `c.res` before the
// handler runs, which makes every response be rebuilt and merged afterwards: on the click path,
// the busiest in the service, that doubled the cost of answering. These headers are set the way
// response-headers.ts explains, so whatever response follows carries them, errors included.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";
import { setResponseHeader } from "./response-headers";

const EXPOSED = [
  "X-Request-Id",
  "Retry-After",
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
  "RateLimit-Policy",
].join(", ");

export function publicCors(methods: string[]): MiddlewareHandler<AppEnv> {
  const allowMethods = [...methods, "OPTIONS"].join(", ");
  return async (c, next) => {
    setResponseHeader(c, "Access-Control-Allow-Origin", "*");
    setResponseHeader(c, "Access-Control-Expose-Headers", EXPOSED);
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

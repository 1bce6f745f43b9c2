import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "./env";

/** One structured line and one metric sample per request, keyed by the route, not the raw path. */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const { logger, metrics } = c.get("services");
    const seconds = (performance.now() - started) / 1000;
    const route = c.res.status === 404 || c.res.status === 405 ? "unmatched" : routePath(c, -1);
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    if (logger.isLevelEnabled("info")) {
      logger.info(
        {
          request_id: c.get("requestId"),
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round(seconds * 10_000) / 10,
        },
        "request",
      );
    }
  };
}

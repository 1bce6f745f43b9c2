import type { Context } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "./env";

/**
 * One structured line and one metric sample for an answered request, keyed by the route, not
 * the raw path. `started` is `performance.now()` when the request came in.
 */
export function logRequest(c: Context<AppEnv>, started: number): void {
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
}

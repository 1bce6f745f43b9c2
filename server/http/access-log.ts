import type { Context } from "hono";
import { routePath } from "hono/route";
import type { Services } from "../services";
import type { AppEnv } from "./env";

export interface AnsweredRequest {
  method: string;
  /** The route's pattern (`/api/v1/clicks/:id`), or "unmatched": metrics stay a bounded set. */
  route: string;
  path: string;
  status: number;
  requestId: string;
}

/**
 * One structured line and one metric sample for an answered request, keyed by the route, not
 * the raw path. `started` is `performance.now()` when the request came in.
 */
export function recordRequest(
  { logger, metrics }: Pick<Services, "logger" | "metrics">,
  answered: AnsweredRequest,
  started: number,
): void {
  const seconds = (performance.now() - started) / 1000;
  const { method, route, status } = answered;
  metrics.httpRequests.inc({ method, route, status: String(status) });
  metrics.httpDuration.observe({ method, route }, seconds);
  if (logger.isLevelEnabled("info")) {
    logger.info(
      {
        request_id: answered.requestId,
        method,
        path: answered.path,
        status,
        ms: Math.round(seconds * 10_000) / 10,
      },
      "request",
    );
  }
}

/** recordRequest for a request Hono answered. */
export function logRequest(c: Context<AppEnv>, started: number): void {
  const status = c.res.status;
  recordRequest(
    c.get("services"),
    {
      method: c.req.method,
      route: status === 404 || status === 405 ? "unmatched" : routePath(c, -1),
      path: c.req.path,
      status,
      requestId: c.get("requestId"),
    },
    started,
  );
}

// What every request gets before its route and after it: the services, its id (echoed in
// X-Request-Id), then a line in the access log and a sample in the metrics.
import type { MiddlewareHandler } from "hono";
import type { Services } from "../services";
import { logRequest } from "./access-log";
import type { AppEnv } from "./env";
import { assignRequestId } from "./request-id";

export function requestContext(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    c.set("services", services);
    assignRequestId(c);
    await next();
    logRequest(c, started);
  };
}

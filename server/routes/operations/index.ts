// Operations: liveness, readiness and metrics, for load balancers and monitoring.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerHealthz } from "./healthz";
import { registerMetrics } from "./metrics";
import { registerReadyz } from "./readyz";

export function operationsRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerHealthz(api);
  registerReadyz(api);
  registerMetrics(api);
  return api;
}

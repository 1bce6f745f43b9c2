// The merchant's integration, seen from the server: GET /api/v1/integration/health.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerIntegrationHealth } from "./health";

export function integrationRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerIntegrationHealth(api);
  return api;
}

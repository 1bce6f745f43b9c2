// Daily figures for the dashboard's Overview, from the aggregates kept with every write.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerGetStats } from "./get";

export function statsRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerGetStats(api);
  return api;
}

// Key checks for the extension (public, CORS open).
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerKeyCheck } from "./check";

export function keyRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerKeyCheck(api);
  return api;
}

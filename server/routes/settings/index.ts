// Merchant settings (the publishable keys' origin lock), shared by both modes.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerGetSettings } from "./get";
import { registerUpdateSettings } from "./update";

export function settingsRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerGetSettings(api);
  registerUpdateSettings(api);
  return api;
}

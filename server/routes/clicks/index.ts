// Clicks: recorded by the snippet with a publishable key, read with a secret key.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerCreateClick } from "./create";
import { registerGetClick } from "./get";
import { registerListClicks } from "./list";

export function clickRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerCreateClick(api);
  registerListClicks(api);
  registerGetClick(api);
  return api;
}

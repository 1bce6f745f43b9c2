// Programs (attribution window, commission, recurring months), shared by both modes.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerCreateProgram } from "./create";
import { registerGetProgram } from "./get";
import { registerListPrograms } from "./list";
import { registerUpdateProgram } from "./update";

export function programRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerCreateProgram(api);
  registerListPrograms(api);
  registerGetProgram(api);
  registerUpdateProgram(api);
  return api;
}

// The dashboard's sign-in, its session and sign-out.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerSignIn } from "./create";
import { registerSignOut } from "./delete";
import { registerGetSession } from "./get";

export function sessionRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerSignIn(api);
  registerGetSession(api);
  registerSignOut(api);
  return api;
}

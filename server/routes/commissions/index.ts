// Commissions, read with a secret key in the key's mode.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerGetCommission } from "./get";
import { registerListCommissions } from "./list";

export function commissionRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerListCommissions(api);
  registerGetCommission(api);
  return api;
}

// The Attribution Audit Log of the key's mode.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerListAuditLog } from "./list";

export function auditLogRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerListAuditLog(api);
  return api;
}

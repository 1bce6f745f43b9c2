// Commissions, read with a secret key in the key's mode.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerExportCommissions } from "./export";
import { registerGetCommission } from "./get";
import { registerListCommissions } from "./list";
import { registerReviewCommission } from "./review";

export function commissionRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerListCommissions(api);
  // Before {id}, which would otherwise take "export" for an id.
  registerExportCommissions(api);
  registerGetCommission(api);
  registerReviewCommission(api);
  return api;
}

// Payouts: what is due, marking it paid, and the CSV export, with a secret key in the key's mode.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerCreatePayout } from "./create";
import { registerExportPayouts } from "./export";
import { registerGetPayout } from "./get";
import { registerListPayouts } from "./list";
import { registerPreviewPayouts } from "./preview";

export function payoutRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  // Before {id}, which would otherwise take "preview" and "export" for ids.
  registerPreviewPayouts(api);
  registerExportPayouts(api);
  registerCreatePayout(api);
  registerListPayouts(api);
  registerGetPayout(api);
  return api;
}

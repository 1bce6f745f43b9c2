// Conversions and their refunds, reported by merchants' servers with a secret key.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerCreateConversion } from "./create";
import { registerGetConversion } from "./get";
import { registerListConversions } from "./list";
import { registerCreateRefund } from "./refunds.create";

export function conversionRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerCreateConversion(api);
  registerListConversions(api);
  registerGetConversion(api);
  registerCreateRefund(api);
  return api;
}

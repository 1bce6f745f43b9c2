// Partners and their refs, shared by both modes; approve, reject or suspend with PATCH.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerCreatePartner } from "./create";
import { registerGetPartner } from "./get";
import { registerListPartners } from "./list";
import { registerPromotionCodes } from "./promotion-codes";
import { registerUpdatePartner } from "./update";

export function partnerRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerCreatePartner(api);
  registerListPartners(api);
  registerPromotionCodes(api);
  registerGetPartner(api);
  registerUpdatePartner(api);
  return api;
}

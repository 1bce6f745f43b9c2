import { createRoute } from "@hono/zod-openapi";
import { findCommissionOf } from "../../commissions/repository";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { conversionSchema } from "../../contract/schemas/conversions";
import { idParams } from "../../contract/schemas/params";
import { presentConversion } from "../../conversions/present";
import { findConversion } from "../../conversions/repository";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";

const params = idParams("conv");

export const route = createRoute({
  method: "get",
  operationId: "getConversion",
  path: "/api/v1/conversions/{id}",
  tags: ["Conversions"],
  summary: "Get a conversion",
  description: "With its commission (or null). Only conversions of the key's mode are found.",
  security: secretSecurity,
  request: { params },
  responses: {
    200: {
      description: "The conversion",
      content: { "application/json": { schema: conversionSchema } },
    },
    ...errorResponses(401, 404, 503),
  },
});

export function registerGetConversion(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const auth = c.get("auth");
    const tenant = modeTenant(c);
    const conversion = await findConversion(tenant, id);
    if (!conversion) throw notFoundInMode("conversion", id, auth.mode, "/api/v1/conversions");
    const commission = await findCommissionOf(tenant, conversion.id);
    return c.json(presentConversion(conversion, commission), 200);
  });
}

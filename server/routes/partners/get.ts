import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { partnerSchema } from "../../contract/schemas/partners";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { presentPartner } from "../../partners/present";
import { findPartner } from "../../partners/repository";
import { partnerNotFound } from "./errors";

const params = idParams("prt");

export const route = createRoute({
  method: "get",
  operationId: "getPartner",
  path: "/api/v1/partners/{id}",
  tags: ["Partners"],
  summary: "Get a partner",
  security: secretSecurity,
  request: { params },
  responses: {
    200: { description: "The partner", content: { "application/json": { schema: partnerSchema } } },
    ...errorResponses(401, 404, 503),
  },
});

export function registerGetPartner(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const partner = await findPartner(merchantTenant(c), id);
    if (!partner) throw partnerNotFound(id);
    return c.json(presentPartner(partner), 200);
  });
}

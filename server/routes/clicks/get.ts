import { createRoute } from "@hono/zod-openapi";
import { presentClick } from "../../clicks/present";
import { findClick } from "../../clicks/repository";
import { clickSchema } from "../../contract/schemas/clicks";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";

const params = idParams("clk");

export const route = createRoute({
  method: "get",
  operationId: "getClick",
  path: "/api/v1/clicks/{id}",
  tags: ["Clicks"],
  summary: "Get a click",
  description: "Only clicks of the key's mode are found.",
  security: secretSecurity,
  request: { params },
  responses: {
    200: { description: "The click", content: { "application/json": { schema: clickSchema } } },
    ...errorResponses(401, 404, 503),
  },
});

export function registerGetClick(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const auth = c.get("auth");
    const click = await findClick(modeTenant(c), id);
    if (!click) throw notFoundInMode("click", id, auth.mode, "/api/v1/clicks");
    return c.json(presentClick(click), 200);
  });
}

import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { payoutSchema } from "../../contract/schemas/payouts";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { presentPayout } from "../../payouts/present";
import { findPayout } from "../../payouts/repository";

const params = idParams("po");

export const route = createRoute({
  method: "get",
  operationId: "getPayout",
  path: "/api/v1/payouts/{id}",
  tags: ["Payouts"],
  summary: "Get a payout",
  description: "Only payouts of the key's mode are found.",
  security: secretSecurity,
  request: { params },
  responses: {
    200: { description: "The payout", content: { "application/json": { schema: payoutSchema } } },
    ...errorResponses(401, 404, 503),
  },
});

export function registerGetPayout(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const tenant = modeTenant(c);
    const payout = await findPayout(tenant, id);
    if (!payout) throw notFoundInMode("payout", id, c.get("auth").mode, "/api/v1/payouts");
    return c.json(await presentPayout(tenant, payout), 200);
  });
}

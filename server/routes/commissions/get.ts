import { createRoute } from "@hono/zod-openapi";
import { presentCommission } from "../../commissions/present";
import { findCommission } from "../../commissions/repository";
import { commissionSchema } from "../../contract/schemas/commissions";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";

const params = idParams("com");

export const route = createRoute({
  method: "get",
  operationId: "getCommission",
  path: "/api/v1/commissions/{id}",
  tags: ["Commissions"],
  summary: "Get a commission",
  description: "Only commissions of the key's mode are found.",
  security: secretSecurity,
  request: { params },
  responses: {
    200: {
      description: "The commission",
      content: { "application/json": { schema: commissionSchema } },
    },
    ...errorResponses(401, 404, 503),
  },
});

export function registerGetCommission(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const auth = c.get("auth");
    const commission = await findCommission(modeTenant(c), id);
    if (!commission) throw notFoundInMode("commission", id, auth.mode, "/api/v1/commissions");
    return c.json(presentCommission(commission), 200);
  });
}

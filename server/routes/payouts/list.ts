import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { listPayoutsQuerySchema, payoutListSchema } from "../../contract/schemas/payouts";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { presentPayout } from "../../payouts/present";
import { listPayouts } from "../../payouts/repository";

export const route = createRoute({
  method: "get",
  operationId: "listPayouts",
  path: "/api/v1/payouts",
  tags: ["Payouts"],
  summary: "List payouts",
  description: "Payouts of the key's mode, newest first, with what each paid.",
  security: secretSecurity,
  request: { query: listPayoutsQuerySchema },
  responses: {
    200: { description: "A page", content: { "application/json": { schema: payoutListSchema } } },
    ...errorResponses(400, 401, 503),
  },
});

export function registerListPayouts(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const page = readQuery(c, listPayoutsQuerySchema);
    const tenant = modeTenant(c);
    const result = await listPayouts(tenant, page);
    const data = await Promise.all(result.data.map((payout) => presentPayout(tenant, payout)));
    return c.json({ data, has_more: result.has_more }, 200);
  });
}

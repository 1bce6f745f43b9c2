import { createRoute } from "@hono/zod-openapi";
import { presentCommission } from "../../commissions/present";
import { listCommissions } from "../../commissions/repository";
import {
  commissionListSchema,
  listCommissionsQuerySchema,
} from "../../contract/schemas/commissions";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { modeReader } from "../../http/tenant";

export const route = createRoute({
  method: "get",
  operationId: "listCommissions",
  path: "/api/v1/commissions",
  tags: ["Commissions"],
  summary: "List commissions",
  description:
    "Commissions of the key's mode, newest first, filtered by `partner_id`, `status` and `conversion_id` when given.",
  security: secretSecurity,
  request: { query: listCommissionsQuerySchema },
  responses: {
    200: {
      description: "A page",
      content: { "application/json": { schema: commissionListSchema } },
    },
    ...errorResponses(400, 401, 503),
  },
});

export function registerListCommissions(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { partner_id, status, conversion_id, ...page } = readQuery(c, listCommissionsQuerySchema);
    const result = await listCommissions(modeReader(c), page, {
      partner_id,
      status,
      conversion_id,
    });
    return c.json({ data: result.data.map(presentCommission), has_more: result.has_more }, 200);
  });
}

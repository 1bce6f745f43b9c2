import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { listPartnersQuerySchema, partnerListSchema } from "../../contract/schemas/partners";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { presentPartner } from "../../partners/present";
import { listPartners } from "../../partners/repository";

export const route = createRoute({
  method: "get",
  operationId: "listPartners",
  path: "/api/v1/partners",
  tags: ["Partners"],
  summary: "List partners",
  description:
    "Newest first, filtered by `status` and `program_id` when given. Page with `limit` and `starting_after`.",
  security: secretSecurity,
  request: { query: listPartnersQuerySchema },
  responses: {
    200: { description: "A page", content: { "application/json": { schema: partnerListSchema } } },
    ...errorResponses(400, 401, 503),
  },
});

export function registerListPartners(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { status, program_id, ...page } = readQuery(c, listPartnersQuerySchema);
    const result = await listPartners(merchantTenant(c), page, { status, program_id });
    return c.json({ data: result.data.map(presentPartner), has_more: result.has_more }, 200);
  });
}

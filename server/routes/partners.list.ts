import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../contract/schemas/common";
import { listPartnersQuerySchema, partnerListSchema } from "../contract/schemas/partners";
import { requireSecretKey } from "../http/auth";
import { readQuery } from "../http/body";
import { paginate } from "../http/pagination";
import { type App, mount } from "../http/route";
import { presentPartner } from "../partners/present";

export const route = createRoute({
  method: "get",
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
    const result = await paginate(
      c.get("services").store.db,
      "partners",
      { merchantId: c.get("auth").merchant.id },
      page,
      { status, program_id },
    );
    return c.json({ data: result.data.map(presentPartner), has_more: result.has_more }, 200);
  });
}

import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { listProgramsQuerySchema, programListSchema } from "../../contract/schemas/programs";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { presentProgram } from "../../programs/present";
import { listPrograms } from "../../programs/repository";

export const route = createRoute({
  method: "get",
  operationId: "listPrograms",
  path: "/api/v1/programs",
  tags: ["Programs"],
  summary: "List programs",
  description: "Newest first. Page with `limit` and `starting_after` (the last id of a page).",
  security: secretSecurity,
  request: { query: listProgramsQuerySchema },
  responses: {
    200: { description: "A page", content: { "application/json": { schema: programListSchema } } },
    ...errorResponses(400, 401, 503),
  },
});

export function registerListPrograms(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const query = readQuery(c, listProgramsQuerySchema);
    const page = await listPrograms(merchantTenant(c), query);
    return c.json({ data: page.data.map(presentProgram), has_more: page.has_more }, 200);
  });
}

import { createRoute } from "@hono/zod-openapi";
import { presentClick } from "../../clicks/present";
import { listClicks } from "../../clicks/repository";
import { clickListSchema, listClicksQuerySchema } from "../../contract/schemas/clicks";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { modeReader } from "../../http/tenant";

export const route = createRoute({
  method: "get",
  operationId: "listClicks",
  path: "/api/v1/clicks",
  tags: ["Clicks"],
  summary: "List clicks",
  description:
    "Clicks of the key's mode (sk_test_ sees clicks made with pk_test_), newest first, filtered by `partner_id` and `ref` when given.",
  security: secretSecurity,
  request: { query: listClicksQuerySchema },
  responses: {
    200: { description: "A page", content: { "application/json": { schema: clickListSchema } } },
    ...errorResponses(400, 401, 503),
  },
});

export function registerListClicks(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { partner_id, ref, ...page } = readQuery(c, listClicksQuerySchema);
    const result = await listClicks(modeReader(c), page, { partner_id, ref });
    return c.json({ data: result.data.map(presentClick), has_more: result.has_more }, 200);
  });
}

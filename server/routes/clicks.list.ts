import { createRoute } from "@hono/zod-openapi";
import { presentClick } from "../clicks/present";
import { clickListSchema, listClicksQuerySchema } from "../contract/schemas/clicks";
import { errorResponses, secretSecurity } from "../contract/schemas/common";
import { requireSecretKey } from "../http/auth";
import { readQuery } from "../http/body";
import { paginate } from "../http/pagination";
import { type App, mount } from "../http/route";

export const route = createRoute({
  method: "get",
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
    const auth = c.get("auth");
    const result = await paginate(
      c.get("services").store.db,
      "clicks",
      { merchantId: auth.merchant.id, mode: auth.mode },
      page,
      { partner_id, ref },
    );
    return c.json({ data: result.data.map(presentClick), has_more: result.has_more }, 200);
  });
}

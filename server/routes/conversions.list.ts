import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../contract/schemas/common";
import { conversionListSchema, listConversionsQuerySchema } from "../contract/schemas/conversions";
import { presentConversion } from "../conversions/present";
import { requireSecretKey } from "../http/auth";
import { readQuery } from "../http/body";
import { paginate } from "../http/pagination";
import { type App, mount } from "../http/route";
import type { Commission } from "../store/schema";

export const route = createRoute({
  method: "get",
  path: "/api/v1/conversions",
  tags: ["Conversions"],
  summary: "List conversions",
  description:
    "Conversions of the key's mode, newest first, each with its commission (or null), filtered by `click_id`, `external_transaction_id`, `partner_id`, `status`, `reason` and the creation time (`created[gte]`, `created[lt]`) when given.",
  security: secretSecurity,
  request: { query: listConversionsQuerySchema },
  responses: {
    200: {
      description: "A page",
      content: { "application/json": { schema: conversionListSchema } },
    },
    ...errorResponses(400, 401, 503),
  },
});

export function registerListConversions(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { click_id, external_transaction_id, partner_id, status, reason, ...page } = readQuery(
      c,
      listConversionsQuerySchema,
    );
    const auth = c.get("auth");
    const { db } = c.get("services").store;
    const result = await paginate(
      db,
      "conversions",
      { merchantId: auth.merchant.id, mode: auth.mode },
      page,
      { click_id, external_transaction_id, partner_id, status, reason },
    );
    const ids = result.data.map((conversion) => conversion.id);
    const commissions = new Map<string, Commission>();
    if (ids.length > 0) {
      const rows = await db
        .selectFrom("commissions")
        .selectAll()
        .where("merchant_id", "=", auth.merchant.id)
        .where("conversion_id", "in", ids)
        .execute();
      for (const row of rows) commissions.set(row.conversion_id, row);
    }
    return c.json(
      {
        data: result.data.map((conversion) =>
          presentConversion(conversion, commissions.get(conversion.id) ?? null),
        ),
        has_more: result.has_more,
      },
      200,
    );
  });
}

import { createRoute } from "@hono/zod-openapi";
import { commissionsOf } from "../../commissions/repository";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import {
  conversionListSchema,
  listConversionsQuerySchema,
} from "../../contract/schemas/conversions";
import { presentConversion } from "../../conversions/present";
import { listConversions } from "../../conversions/repository";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { modeReader } from "../../http/tenant";

export const route = createRoute({
  method: "get",
  operationId: "listConversions",
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
    const tenant = modeReader(c);
    const result = await listConversions(tenant, page, {
      click_id,
      external_transaction_id,
      partner_id,
      status,
      reason,
    });
    const commissions = await commissionsOf(
      tenant,
      result.data.map((conversion) => conversion.id),
    );
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

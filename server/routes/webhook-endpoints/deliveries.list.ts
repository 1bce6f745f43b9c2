import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import {
  listWebhookDeliveriesQuerySchema,
  webhookDeliveryListSchema,
} from "../../contract/schemas/webhooks";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { presentDelivery } from "../../webhooks/present";
import { listDeliveries } from "../../webhooks/repository";

export const route = createRoute({
  method: "get",
  operationId: "listWebhookDeliveries",
  path: "/api/v1/webhook-deliveries",
  tags: ["Webhooks"],
  summary: "List webhook deliveries",
  description:
    "Deliveries of the key's mode, newest first, optionally of one endpoint (`endpoint_id`) or in one `status`.",
  security: secretSecurity,
  request: { query: listWebhookDeliveriesQuerySchema },
  responses: {
    200: {
      description: "A page",
      content: { "application/json": { schema: webhookDeliveryListSchema } },
    },
    ...errorResponses(400, 401, 503),
  },
});

export function registerListWebhookDeliveries(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { endpoint_id, status, ...page } = readQuery(c, listWebhookDeliveriesQuerySchema);
    const result = await listDeliveries(modeTenant(c), page, { endpoint_id, status });
    return c.json({ data: result.data.map(presentDelivery), has_more: result.has_more }, 200);
  });
}

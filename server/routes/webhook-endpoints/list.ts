import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import {
  listWebhookEndpointsQuerySchema,
  webhookEndpointListSchema,
} from "../../contract/schemas/webhooks";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { presentEndpoint } from "../../webhooks/present";
import { listEndpoints } from "../../webhooks/repository";

export const route = createRoute({
  method: "get",
  operationId: "listWebhookEndpoints",
  path: "/api/v1/webhook-endpoints",
  tags: ["Webhooks"],
  summary: "List webhook endpoints",
  description: "The key's mode's endpoints, newest first (secrets are never shown again).",
  security: secretSecurity,
  request: { query: listWebhookEndpointsQuerySchema },
  responses: {
    200: {
      description: "A page",
      content: { "application/json": { schema: webhookEndpointListSchema } },
    },
    ...errorResponses(400, 401, 503),
  },
});

export function registerListWebhookEndpoints(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const page = readQuery(c, listWebhookEndpointsQuerySchema);
    const result = await listEndpoints(modeTenant(c), page);
    return c.json({ data: result.data.map(presentEndpoint), has_more: result.has_more }, 200);
  });
}

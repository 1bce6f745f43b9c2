import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { webhookEndpointSchema } from "../../contract/schemas/webhooks";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { presentEndpoint } from "../../webhooks/present";
import { findEndpoint } from "../../webhooks/repository";

const params = idParams("we");

export const route = createRoute({
  method: "get",
  operationId: "getWebhookEndpoint",
  path: "/api/v1/webhook-endpoints/{id}",
  tags: ["Webhooks"],
  summary: "Get a webhook endpoint",
  security: secretSecurity,
  request: { params },
  responses: {
    200: {
      description: "The endpoint",
      content: { "application/json": { schema: webhookEndpointSchema } },
    },
    ...errorResponses(401, 404, 503),
  },
});

export function registerGetWebhookEndpoint(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const endpoint = await findEndpoint(modeTenant(c), id);
    if (!endpoint) {
      throw notFoundInMode("webhook endpoint", id, c.get("auth").mode, "/api/v1/webhook-endpoints");
    }
    return c.json(presentEndpoint(endpoint), 200);
  });
}

import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import {
  updateWebhookEndpointBodySchema,
  webhookEndpointSchema,
} from "../../contract/schemas/webhooks";
import { requireSecretKey } from "../../http/auth";
import { readJson, validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { toIso } from "../../lib/clock";
import { presentEndpoint } from "../../webhooks/present";
import { updateEndpoint } from "../../webhooks/repository";

const params = idParams("we");

export const route = createRoute({
  method: "patch",
  operationId: "updateWebhookEndpoint",
  path: "/api/v1/webhook-endpoints/{id}",
  tags: ["Webhooks"],
  summary: "Change a webhook endpoint",
  description:
    "Its URL, events, description, or `disabled` (a disabled endpoint gets no new events; its pending deliveries fail).",
  security: secretSecurity,
  request: {
    params,
    body: {
      content: { "application/json": { schema: updateWebhookEndpointBodySchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: "Changed",
      content: { "application/json": { schema: webhookEndpointSchema } },
    },
    ...errorResponses(400, 401, 404, 413, 503),
  },
});

export function registerUpdateWebhookEndpoint(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const body = await readJson(c, updateWebhookEndpointBodySchema);
    const endpoint = await updateEndpoint(modeTenant(c), id, {
      updated_at: toIso(c.get("services").clock.now()),
      ...(body.url !== undefined ? { url: body.url } : {}),
      ...(body.events !== undefined ? { events: JSON.stringify(body.events) } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled ? 1 : 0 } : {}),
    });
    if (!endpoint) {
      throw notFoundInMode("webhook endpoint", id, c.get("auth").mode, "/api/v1/webhook-endpoints");
    }
    return c.json(presentEndpoint(endpoint), 200);
  });
}

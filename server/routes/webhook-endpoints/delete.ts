import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { deleteEndpoint } from "../../webhooks/repository";

const params = idParams("we");

export const route = createRoute({
  method: "delete",
  operationId: "deleteWebhookEndpoint",
  path: "/api/v1/webhook-endpoints/{id}",
  tags: ["Webhooks"],
  summary: "Delete a webhook endpoint",
  description: "No more events go to it; its pending deliveries fail at their next attempt.",
  security: secretSecurity,
  request: { params },
  responses: {
    200: {
      description: "Deleted",
      content: {
        "application/json": {
          schema: z.object({
            id: z.string(),
            object: z.literal("webhook_endpoint"),
            deleted: z.literal(true),
          }),
        },
      },
    },
    ...errorResponses(401, 404, 503),
  },
});

export function registerDeleteWebhookEndpoint(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    if (!(await deleteEndpoint(modeTenant(c), id))) {
      throw notFoundInMode("webhook endpoint", id, c.get("auth").mode, "/api/v1/webhook-endpoints");
    }
    return c.json({ id, object: "webhook_endpoint" as const, deleted: true as const }, 200);
  });
}

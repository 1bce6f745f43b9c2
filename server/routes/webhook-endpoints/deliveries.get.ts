import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { webhookDeliveryDetailSchema } from "../../contract/schemas/webhooks";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { presentAttempt, presentDelivery } from "../../webhooks/present";
import { attemptsOf, findDelivery, findEvent } from "../../webhooks/repository";

const params = idParams("wdl");

export const route = createRoute({
  method: "get",
  operationId: "getWebhookDelivery",
  path: "/api/v1/webhook-deliveries/{id}",
  tags: ["Webhooks"],
  summary: "Get a webhook delivery with its attempts",
  description:
    "The delivery, the event as sent, and every attempt (status code or error, duration).",
  security: secretSecurity,
  request: { params },
  responses: {
    200: {
      description: "The delivery",
      content: { "application/json": { schema: webhookDeliveryDetailSchema } },
    },
    ...errorResponses(401, 404, 503),
  },
});

export function registerGetWebhookDelivery(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const tenant = modeTenant(c);
    const delivery = await findDelivery(tenant, id);
    if (!delivery) {
      throw notFoundInMode(
        "webhook delivery",
        id,
        c.get("auth").mode,
        "/api/v1/webhook-deliveries",
      );
    }
    const [event, attempts] = await Promise.all([
      findEvent(tenant, delivery.event_id),
      attemptsOf(tenant, delivery.id),
    ]);
    return c.json(
      {
        ...presentDelivery(delivery),
        event: event ? (JSON.parse(event.payload) as Record<string, unknown>) : null,
        attempt_log: attempts.map(presentAttempt),
      },
      200,
    );
  });
}

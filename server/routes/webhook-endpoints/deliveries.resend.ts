import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { webhookDeliverySchema } from "../../contract/schemas/webhooks";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { toIso } from "../../lib/clock";
import { RETRY_WINDOW_MS } from "../../webhooks/outbox";
import { presentDelivery } from "../../webhooks/present";
import { requeueDelivery } from "../../webhooks/repository";
import { wakeWebhookWorker } from "../../webhooks/wake";

const params = idParams("wdl");

export const route = createRoute({
  method: "post",
  operationId: "resendWebhookDelivery",
  path: "/api/v1/webhook-deliveries/{id}/resend",
  tags: ["Webhooks"],
  summary: "Send a delivery again",
  description:
    "Sends the same event (same id, so a receiver that keeps ids sees a repeat) to the endpoint again now, whatever its status, with a fresh three-day retry window. Every attempt is added to its log.",
  security: secretSecurity,
  request: { params },
  responses: {
    202: {
      description: "Queued",
      content: { "application/json": { schema: webhookDeliverySchema } },
    },
    ...errorResponses(401, 404, 503),
  },
});

export function registerResendWebhookDelivery(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const now = c.get("services").clock.now();
    const delivery = await requeueDelivery(
      modeTenant(c),
      id,
      toIso(now),
      toIso(new Date(now.getTime() + RETRY_WINDOW_MS)),
    );
    if (!delivery) {
      throw notFoundInMode(
        "webhook delivery",
        id,
        c.get("auth").mode,
        "/api/v1/webhook-deliveries",
      );
    }
    wakeWebhookWorker();
    return c.json(presentDelivery(delivery), 202);
  });
}

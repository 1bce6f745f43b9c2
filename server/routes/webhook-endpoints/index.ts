// Outbound webhooks: endpoints per mode and their deliveries, with a secret key in the key's mode.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerCreateWebhookEndpoint } from "./create";
import { registerDeleteWebhookEndpoint } from "./delete";
import { registerGetWebhookDelivery } from "./deliveries.get";
import { registerListWebhookDeliveries } from "./deliveries.list";
import { registerResendWebhookDelivery } from "./deliveries.resend";
import { registerGetWebhookEndpoint } from "./get";
import { registerListWebhookEndpoints } from "./list";
import { registerUpdateWebhookEndpoint } from "./update";

export function webhookEndpointRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerCreateWebhookEndpoint(api);
  registerListWebhookEndpoints(api);
  registerGetWebhookEndpoint(api);
  registerUpdateWebhookEndpoint(api);
  registerDeleteWebhookEndpoint(api);
  registerListWebhookDeliveries(api);
  registerGetWebhookDelivery(api);
  registerResendWebhookDelivery(api);
  return api;
}

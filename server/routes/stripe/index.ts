// Stripe: the webhook endpoint Stripe calls, the integration settings merchants set, and what
// arrived lately (Settings › Stripe).
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerStripeDeliveries } from "./deliveries";
import { registerGetStripeIntegration } from "./integration.get";
import { registerUpdateStripeIntegration } from "./integration.update";
import { registerStripeWebhook } from "./webhook";

export function stripeRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerStripeWebhook(api);
  registerGetStripeIntegration(api);
  registerStripeDeliveries(api);
  registerUpdateStripeIntegration(api);
  return api;
}

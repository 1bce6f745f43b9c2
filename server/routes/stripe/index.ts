// Stripe: the webhook endpoint Stripe calls, and the integration settings merchants set.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerGetStripeIntegration } from "./integration.get";
import { registerUpdateStripeIntegration } from "./integration.update";
import { registerStripeWebhook } from "./webhook";

export function stripeRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerStripeWebhook(api);
  registerGetStripeIntegration(api);
  registerUpdateStripeIntegration(api);
  return api;
}

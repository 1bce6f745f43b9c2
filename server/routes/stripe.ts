import type { App } from "../http/route";
import { registerGetStripeIntegration } from "./integrations.stripe.get";
import { registerUpdateStripeIntegration } from "./integrations.stripe.update";
import { registerStripeWebhook } from "./webhooks.stripe";

/** Stripe webhooks and the Stripe integration settings. */
export function registerStripeRoutes(app: App): void {
  registerStripeWebhook(app);
  registerGetStripeIntegration(app);
  registerUpdateStripeIntegration(app);
}

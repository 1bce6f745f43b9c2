import type { App } from "../http/route";
import { registerStripeDeliveries } from "./integrations.stripe.deliveries";
import { registerGetStripeIntegration } from "./integrations.stripe.get";
import { registerUpdateStripeIntegration } from "./integrations.stripe.update";
import { registerStripeWebhook } from "./webhooks.stripe";

/** Stripe webhooks and the Stripe integration settings. */
export function registerStripeRoutes(app: App): void {
  registerStripeWebhook(app);
  registerGetStripeIntegration(app);
  registerStripeDeliveries(app);
  registerUpdateStripeIntegration(app);
}

import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { stripeIntegrationSchema } from "../../contract/schemas/stripe";
import { requireSecretKey } from "../../http/auth";
import { publicBase } from "../../http/public-base";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { describeIntegration } from "../../stripe/integrations";

export const route = createRoute({
  method: "get",
  operationId: "getStripeIntegration",
  path: "/api/v1/integrations/stripe",
  tags: ["Stripe"],
  summary: "Show the Stripe integration",
  description:
    "The webhook endpoint to enter in Stripe, the events to select, and whether a signing secret is set for the key's mode (masked).",
  security: secretSecurity,
  responses: {
    200: {
      description: "The integration for the key's mode",
      content: { "application/json": { schema: stripeIntegrationSchema } },
    },
    ...errorResponses(401, 503),
  },
});

export function registerGetStripeIntegration(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const view = await describeIntegration(merchantTenant(c), c.get("auth").mode, publicBase(c));
    return c.json(view, 200);
  });
}

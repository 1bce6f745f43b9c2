import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import {
  stripeIntegrationSchema,
  updateStripeIntegrationBodySchema,
} from "../../contract/schemas/stripe";
import { auditChanges } from "../../http/audit-changes";
import { requireSecretKey } from "../../http/auth";
import { readJson } from "../../http/body";
import { publicBase } from "../../http/public-base";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { describeIntegration, saveWebhookSecret } from "../../stripe/integrations";

export const route = createRoute({
  method: "put",
  operationId: "updateStripeIntegration",
  path: "/api/v1/integrations/stripe",
  tags: ["Stripe"],
  summary: "Set the Stripe webhook signing secret",
  description:
    "Stores the signing secret (whsec_…) of your Stripe webhook endpoint for the key's mode: send your test endpoint's secret with sk_test_…, your live endpoint's with sk_live_…. Replaces the previous secret of that mode. The answer shows the secret masked, never in full.",
  security: secretSecurity,
  request: {
    body: {
      content: { "application/json": { schema: updateStripeIntegrationBodySchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: "Saved",
      content: { "application/json": { schema: stripeIntegrationSchema } },
    },
    ...errorResponses(400, 401, 413, 503),
  },
});

export function registerUpdateStripeIntegration(app: App): void {
  mount(app, route, requireSecretKey(), auditChanges("stripe_integration"), async (c) => {
    const body = await readJson(c, updateStripeIntegrationBodySchema);
    const { mode } = c.get("auth");
    const tenant = merchantTenant(c);
    await saveWebhookSecret(tenant, c.get("services").clock, mode, body.webhook_secret);
    return c.json(await describeIntegration(tenant, mode, publicBase(c)), 200);
  });
}

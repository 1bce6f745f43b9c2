import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { stripeDeliveriesSchema } from "../../contract/schemas/stripe";
import { requireSecretKey } from "../../http/auth";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { lastStripeEvent, recentSignatureFailures } from "../../stripe/signature-failures";

export const route = createRoute({
  method: "get",
  operationId: "listStripeDeliveries",
  path: "/api/v1/integrations/stripe/deliveries",
  tags: ["Stripe"],
  summary: "Recent Stripe deliveries",
  description:
    "When the last verified event of the caller's mode arrived, and the latest deliveries whose signature failed (the reason and the request id of each): what to look at when Stripe says its deliveries fail.",
  security: secretSecurity,
  responses: {
    200: {
      description: "Deliveries",
      content: { "application/json": { schema: stripeDeliveriesSchema } },
    },
    ...errorResponses(401, 503),
  },
});

export function registerStripeDeliveries(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { mode } = c.get("auth");
    const tenant = merchantTenant(c);
    const [last, failures] = await Promise.all([
      lastStripeEvent(tenant, mode),
      recentSignatureFailures(tenant, mode),
    ]);
    return c.json(
      {
        object: "stripe_deliveries" as const,
        mode,
        last_event: last
          ? {
              id: last.event_id,
              type: last.type,
              received_at: last.received_at,
              outcome: last.outcome,
              request_id: last.request_id,
            }
          : null,
        signature_failures: failures,
      },
      200,
    );
  });
}

import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { errorResponses, secretSecurity } from "../contract/schemas/common";
import { stripeIntegrationSchema } from "../contract/schemas/stripe";
import { requireSecretKey } from "../http/auth";
import type { AppEnv } from "../http/env";
import { type App, mount } from "../http/route";
import { describeIntegration } from "../stripe/integrations";

export const route = createRoute({
  method: "get",
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

/**
 * Where Stripe must send this server's webhooks: PUBLIC_URL when set (the address the operator
 * says the world uses), otherwise the origin the caller reached (the proxy's view when trusted).
 */
export function publicBase(c: Context<AppEnv>): string {
  const { publicUrl } = c.get("services");
  if (publicUrl) return publicUrl;
  const url = new URL(c.req.url);
  if (c.get("services").trustProxy) {
    const host = c.req.header("x-forwarded-host")?.split(",")[0]?.trim();
    const proto = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim();
    if (host) return `${proto === "http" ? "http" : "https"}://${host}`;
  }
  return url.origin;
}

export function registerGetStripeIntegration(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { merchant, mode } = c.get("auth");
    const view = await describeIntegration(
      c.get("services").store.db,
      merchant.id,
      mode,
      publicBase(c),
    );
    return c.json(view, 200);
  });
}

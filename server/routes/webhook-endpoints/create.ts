import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import {
  createdWebhookEndpointSchema,
  createWebhookEndpointBodySchema,
} from "../../contract/schemas/webhooks";
import { requireSecretKey } from "../../http/auth";
import { readJson } from "../../http/body";
import { type App, mount, withoutIdempotency } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { createEndpoint } from "../../webhooks/endpoints";
import { presentEndpoint } from "../../webhooks/present";

export const route = createRoute({
  method: "post",
  operationId: "createWebhookEndpoint",
  path: "/api/v1/webhook-endpoints",
  tags: ["Webhooks"],
  summary: "Register a webhook endpoint",
  description:
    "Selgeo POSTs the chosen events of the key's mode to `url`, signed with the `secret` answered now and never again (`Selgeo-Signature: t=…,v1=…`; check it with `verifyWebhook` from `selgeo/webhooks`, docs/webhooks.md). A test-mode endpoint gets test-mode events only, a live one live events only.",
  security: secretSecurity,
  request: {
    body: {
      content: { "application/json": { schema: createWebhookEndpointBodySchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: "Registered; the secret is shown this once",
      content: { "application/json": { schema: createdWebhookEndpointSchema } },
    },
    ...errorResponses(400, 401, 413, 503),
  },
});

export function registerCreateWebhookEndpoint(app: App): void {
  // Its answer carries the endpoint's signing secret, shown once: a replay would mean keeping the
  // secret in the idempotency store for a day, so (like key creation) it takes no Idempotency-Key.
  mount(app, withoutIdempotency(route), requireSecretKey(), async (c) => {
    const body = await readJson(c, createWebhookEndpointBodySchema);
    const endpoint = await createEndpoint(modeTenant(c), c.get("services").clock, body);
    return c.json({ ...presentEndpoint(endpoint), secret: endpoint.secret }, 201);
  });
}

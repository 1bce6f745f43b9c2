import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { apiKeyListSchema, listKeysQuerySchema } from "../../contract/schemas/keys";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { listKeys } from "../../keys/manage";
import { presentKey } from "../../keys/present";

export const route = createRoute({
  method: "get",
  operationId: "listApiKeys",
  path: "/api/v1/keys",
  tags: ["API keys"],
  summary: "List API keys",
  description:
    "The merchant's publishable and secret keys of the caller's mode, newest first, revoked ones included (with `revoked_at`). Secret keys are shown by prefix and last four characters only.",
  security: secretSecurity,
  request: { query: listKeysQuerySchema },
  responses: {
    200: { description: "A page", content: { "application/json": { schema: apiKeyListSchema } } },
    ...errorResponses(400, 401, 503),
  },
});

export function registerListKeys(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const page = readQuery(c, listKeysQuerySchema);
    const result = await listKeys(merchantTenant(c), c.get("auth").mode, page);
    return c.json({ data: result.data.map(presentKey), has_more: result.has_more }, 200);
  });
}

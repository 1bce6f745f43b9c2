import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { apiKeySchema } from "../../contract/schemas/keys";
import { idParams } from "../../contract/schemas/params";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { revokeKeyById } from "../../keys/manage";
import { presentKey } from "../../keys/present";

const params = idParams("key");

export const route = createRoute({
  method: "post",
  operationId: "revokeApiKey",
  path: "/api/v1/keys/{id}/revoke",
  tags: ["API keys"],
  summary: "Revoke an API key",
  description:
    "Requests with the key get 401 INVALID_API_KEY (REVOKED) from this answer on (publishable keys: within 5 seconds in other processes). Revoking a revoked key answers with it as it is. Nothing replaces it: create a new key with POST /api/v1/keys, or use rotate instead.",
  security: secretSecurity,
  request: { params },
  responses: {
    200: { description: "Revoked", content: { "application/json": { schema: apiKeySchema } } },
    ...errorResponses(400, 401, 403, 404, 503),
  },
});

export function registerRevokeKey(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const { store, clock, clickLookups } = c.get("services");
    const { merchant, mode } = c.get("auth");
    const outcome = await revokeKeyById(
      store.db,
      clock,
      { merchantId: merchant.id, mode, requestId: c.get("requestId") },
      id,
    );
    if (outcome.kind === "not_found") throw notFoundInMode("API key", id, mode, "/api/v1/keys");
    clickLookups.invalidateMerchant(merchant.id);
    return c.json(presentKey(outcome.row), 200);
  });
}

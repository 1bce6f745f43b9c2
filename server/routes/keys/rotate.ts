import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { issuedKeySchema } from "../../contract/schemas/keys";
import { idParams } from "../../contract/schemas/params";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount, withoutIdempotency } from "../../http/route";
import { rotateKeyById } from "../../keys/manage";
import { presentIssuedKey } from "../../keys/present";

const params = idParams("key");

export const route = createRoute({
  method: "post",
  operationId: "rotateApiKey",
  path: "/api/v1/keys/{id}/rotate",
  tags: ["API keys"],
  summary: "Rotate an API key",
  description:
    "Revokes the key and issues a new one of the same kind and mode in the same transaction: from this answer on, requests with the old key get 401 INVALID_API_KEY (REVOKED) — at once in this process, within 5 seconds in other processes for publishable keys, whose look-ups are cached on the click path. The whole new key is in this answer only.",
  security: secretSecurity,
  request: { params },
  responses: {
    200: { description: "Rotated", content: { "application/json": { schema: issuedKeySchema } } },
    ...errorResponses(400, 401, 403, 404, 503),
  },
});

export function registerRotateKey(app: App): void {
  // The answer carries the new secret: it is not kept for replays (the key store keeps hashes).
  mount(app, withoutIdempotency(route), requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const { store, clock, clickLookups } = c.get("services");
    const { merchant, mode } = c.get("auth");
    const outcome = await rotateKeyById(
      store.db,
      clock,
      { merchantId: merchant.id, mode, requestId: c.get("requestId") },
      id,
    );
    if (outcome.kind === "not_found") throw notFoundInMode("API key", id, mode, "/api/v1/keys");
    if (outcome.kind === "already_revoked") {
      throw new ApiError(
        "VALIDATION_ERROR",
        `The key ${id} is already revoked; rotate the key that replaced it, or create a new one with POST /api/v1/keys.`,
        { details: { fields: { id: "is revoked" } } },
      );
    }
    // The click path caches publishable keys' verdicts: the old key must stop at once here.
    clickLookups.invalidateMerchant(merchant.id);
    return c.json(presentIssuedKey(outcome.issued), 200);
  });
}

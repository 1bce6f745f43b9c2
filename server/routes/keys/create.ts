import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { createKeyBodySchema, issuedKeySchema } from "../../contract/schemas/keys";
import { requireSecretKey } from "../../http/auth";
import { readJson } from "../../http/body";
import { type App, mount, withoutIdempotency } from "../../http/route";
import { issueKey } from "../../keys/manage";
import { presentIssuedKey } from "../../keys/present";

export const route = createRoute({
  method: "post",
  operationId: "createApiKey",
  path: "/api/v1/keys",
  tags: ["API keys"],
  summary: "Create an API key",
  description:
    "Issues a new publishable or secret key in the caller's mode, beside the existing ones. The whole key is in this answer only: store a secret key now, it cannot be shown again.",
  security: secretSecurity,
  request: {
    body: { content: { "application/json": { schema: createKeyBodySchema } }, required: true },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: issuedKeySchema } } },
    ...errorResponses(400, 401, 403, 413, 503),
  },
});

export function registerCreateKey(app: App): void {
  // The answer carries the new secret: it is not kept for replays (the key store keeps hashes).
  mount(app, withoutIdempotency(route), requireSecretKey(), async (c) => {
    const { kind } = await readJson(c, createKeyBodySchema);
    const { store, clock } = c.get("services");
    const { merchant, mode } = c.get("auth");
    const issued = await issueKey(
      store.db,
      clock,
      { merchantId: merchant.id, mode, requestId: c.get("requestId") },
      kind,
    );
    return c.json(presentIssuedKey(issued), 201);
  });
}

import { createRoute } from "@hono/zod-openapi";
import { parseKey } from "../../contract/key-format";
import { errorResponses } from "../../contract/schemas/common";
import {
  type KeyCheckResponse,
  keyCheckQuerySchema,
  keyCheckResponseSchema,
} from "../../contract/schemas/keys";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { authenticateKey } from "../../keys/authenticate";

export const route = createRoute({
  method: "get",
  operationId: "checkKey",
  path: "/api/v1/keys/check",
  tags: ["Tracking"],
  summary: "Check a publishable key",
  description:
    "Tells whether a key works and in which mode. A secret key is reported as SECRET_KEY_EXPOSED: it must never be in a page, and should be rotated. Used by the DevTools extension.",
  request: { query: keyCheckQuerySchema },
  responses: {
    200: {
      description: "The verdict",
      content: { "application/json": { schema: keyCheckResponseSchema } },
    },
    ...errorResponses(400, 503),
  },
});

export function registerKeyCheck(app: App): void {
  mount(app, route, async (c) => {
    const { key } = readQuery(c, keyCheckQuerySchema);
    const parsed = parseKey(key);
    let answer: KeyCheckResponse;
    if (parsed?.kind === "sk") {
      answer = { valid: false, reason: "SECRET_KEY_EXPOSED" };
    } else {
      // Publishable keys through the click path's cache: this endpoint is public too.
      const verdict =
        parsed?.kind === "pk"
          ? await c.get("services").clickLookups.publishableKey(parsed.key)
          : await authenticateKey(c.get("services").store.db, key);
      answer = verdict.ok
        ? { valid: true, mode: verdict.parsed.mode, merchant: verdict.merchant.name }
        : { valid: false, reason: verdict.reason };
    }
    c.header("Cache-Control", "no-store");
    return c.json(answer, 200);
  });
}

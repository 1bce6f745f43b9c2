// How Idempotency-Key appears in the OpenAPI document: a header parameter on every POST that
// takes it (added by route.ts when it mounts the route), the 409s it can answer, and the
// Idempotent-Replayed header on the answers it may replay.
import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import { errorResponses } from "../contract/schemas/common";

export function registerIdempotencyComponents(registry: OpenAPIHono["openAPIRegistry"]): void {
  registry.registerComponent("parameters", "IdempotencyKey", {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    description:
      "Any unique string of 1–255 printable ASCII characters (a UUID). The same key with the same request (method, path and body bytes) within 24 hours gets the first answer again, with `Idempotent-Replayed: true`, and nothing is done twice; with another request, 409 IDEMPOTENCY_KEY_REUSED; while the first is still running, 409 IDEMPOTENCY_KEY_IN_USE (retry after `Retry-After`). Keys belong to the merchant and mode of the caller. Only successes are kept: after an error answer (which did nothing) a retry with the key runs again, also with a corrected body.",
    schema: {
      type: "string",
      minLength: 1,
      maxLength: 255,
      pattern: "^[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?$",
    },
    example: "7f1c9b0e-3c2a-4d8e-9f6a-1b2c3d4e5f60",
  });
  registry.registerComponent("headers", "IdempotentReplayed", {
    description:
      "`true` when this answer is the replay of the first request sent with the same Idempotency-Key.",
    schema: { type: "string", enum: ["true"] },
  });
}

const REPLAYED_HEADER = {
  "Idempotent-Replayed": { $ref: "#/components/headers/IdempotentReplayed" },
};

export function withIdempotencyDocumented(route: RouteConfig): RouteConfig {
  const responses: RouteConfig["responses"] = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] =
      "$ref" in response || !status.startsWith("2")
        ? response
        : { ...response, headers: { ...(response.headers as object), ...REPLAYED_HEADER } };
  }
  return {
    ...route,
    parameters: [
      ...(route.parameters ?? []),
      { $ref: "#/components/parameters/IdempotencyKey" },
    ] as RouteConfig["parameters"],
    responses: { ...errorResponses(409), ...responses },
  };
}

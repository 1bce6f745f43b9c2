import { z } from "@hono/zod-openapi";
import { isoTimeSchema, listQuerySchema, listResponse, modeSchema } from "./common";

export const keyCheckQuerySchema = z.object({ key: z.string().max(200).optional() });

export const KEY_CHECK_REASONS = ["MALFORMED", "UNKNOWN", "REVOKED", "SECRET_KEY_EXPOSED"] as const;
export type KeyCheckReason = (typeof KEY_CHECK_REASONS)[number];

export const keyCheckResponseSchema = z
  .union([
    z.object({ valid: z.literal(true), mode: modeSchema, merchant: z.string() }),
    z.object({ valid: z.literal(false), reason: z.enum(KEY_CHECK_REASONS) }),
  ])
  .openapi("KeyCheck");

export type KeyCheckResponse = z.infer<typeof keyCheckResponseSchema>;

export const keyKindSchema = z.enum(["pk", "sk"]).openapi({
  description: "pk: publishable (pages, clicks only); sk: secret (servers, everything else).",
});

export const apiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_3kTmq9aZ1B7cXy0Lp2Qw4Rte" }),
    object: z.literal("api_key"),
    kind: keyKindSchema,
    mode: modeSchema,
    display: z.string().openapi({
      example: "sk_test_…4Rte",
      description:
        "Secret keys by prefix and last four characters only; publishable keys in full (they are public: every page with the snippet shows them).",
    }),
    created_at: isoTimeSchema,
    revoked_at: isoTimeSchema.nullable(),
  })
  .openapi("ApiKey");

export const issuedKeySchema = apiKeySchema
  .extend({
    key: z.string().openapi({
      description: "The whole key. Shown this once: only its hash is kept for secret keys.",
    }),
    replaces: z.string().nullable().openapi({
      description: "The id of the key this one replaced (rotation), revoked at the same moment.",
    }),
  })
  .openapi("IssuedApiKey");

export const createKeyBodySchema = z.strictObject({ kind: keyKindSchema }).openapi("CreateApiKey");

export const listKeysQuerySchema = listQuerySchema;
export const apiKeyListSchema = listResponse(apiKeySchema, "ApiKeyList");

export type ApiKeyObject = z.infer<typeof apiKeySchema>;
export type IssuedKeyObject = z.infer<typeof issuedKeySchema>;

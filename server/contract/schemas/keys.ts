import { z } from "@hono/zod-openapi";
import { modeSchema } from "./common";

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

import { z } from "@hono/zod-openapi";
import { normaliseOrigin } from "../origins";

export const MAX_ALLOWED_ORIGINS = 50;

export const originSchema = z
  .string()
  .max(300, "must be at most 300 characters")
  .transform((value, ctx) => {
    const origin = normaliseOrigin(value);
    if (origin === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "must be an origin like https://shop.example or http://localhost:3000 (no path)",
      });
      return z.NEVER;
    }
    return origin;
  })
  .openapi({ example: "https://shop.example" });

export const updateSettingsBodySchema = z
  .strictObject({
    allowed_origins: z
      .array(originSchema, { message: "must be an array of origins" })
      .max(MAX_ALLOWED_ORIGINS, `must list at most ${MAX_ALLOWED_ORIGINS} origins`)
      .transform((origins) => [...new Set(origins)])
      .optional()
      .openapi({
        description:
          "Origins whose pages may use your publishable keys. Empty = any origin (the default).",
      }),
  })
  .openapi("UpdateSettings");

export const settingsSchema = z
  .object({
    object: z.literal("settings"),
    merchant_id: z.string(),
    allowed_origins: z.array(z.string()),
  })
  .openapi("Settings");

export type SettingsObject = z.infer<typeof settingsSchema>;

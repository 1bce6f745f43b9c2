// Stripe promotion codes owned by partners.
import { z } from "@hono/zod-openapi";
import { isoTimeSchema, textField } from "./common";

export const assignPromotionCodeBodySchema = z
  .strictObject({
    promotion_code: z
      .string()
      .regex(/^promo_[A-Za-z0-9]{1,100}$/, "must be a Stripe promotion code id (promo_…)")
      .openapi({
        example: "promo_1QxYzAbCdEfGhIjK",
        description:
          "The promotion code's id in Stripe (test or live). A Checkout Session that used it is credited to this partner (docs/promotion-codes.md).",
      }),
    code: textField(100)
      .optional()
      .openapi({ example: "ANNA10", description: "What customers type." }),
  })
  .openapi("AssignPromotionCode");

export const promotionCodeSchema = z
  .object({
    object: z.literal("promotion_code"),
    promotion_code: z.string(),
    code: z.string().nullable(),
    partner_id: z.string(),
    created_at: isoTimeSchema,
  })
  .openapi("PartnerPromotionCode");

export const promotionCodeListSchema = z
  .object({ data: z.array(promotionCodeSchema), has_more: z.boolean() })
  .openapi("PartnerPromotionCodeList");

export type PromotionCodeObject = z.infer<typeof promotionCodeSchema>;

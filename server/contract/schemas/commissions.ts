import { z } from "@hono/zod-openapi";
import {
  currencyCodeSchema,
  idSchema,
  isoTimeSchema,
  listQuerySchema,
  listResponse,
  modeSchema,
} from "./common";

export const commissionStatusSchema = z
  .enum(["pending", "partially_reversed", "reversed", "held"])
  .openapi({
    description:
      "Refunds reverse a commission in part or whole. `held` while a Stripe dispute (chargeback) of its payment is open: a lost dispute reverses it, a won one returns it to the status it had.",
  });

export const commissionSchema = z
  .object({
    id: idSchema("com"),
    object: z.literal("commission"),
    mode: modeSchema,
    conversion_id: z.string(),
    partner_id: z.string(),
    program_id: z.string(),
    amount_cents: z.number().int(),
    reversed_amount_cents: z.number().int(),
    currency: currencyCodeSchema,
    status: commissionStatusSchema,
    held_by: z.string().nullable().openapi({
      description:
        "The Stripe dispute (dp_…) holding the commission while it is `held`; else null.",
      example: null,
    }),
    created_at: isoTimeSchema,
    updated_at: isoTimeSchema,
  })
  .openapi("Commission");

export const listCommissionsQuerySchema = listQuerySchema.extend({
  partner_id: z.string().max(100).optional(),
  conversion_id: z.string().max(100).optional(),
  status: commissionStatusSchema.optional(),
});
export const commissionListSchema = listResponse(commissionSchema, "CommissionList");

export type CommissionObject = z.infer<typeof commissionSchema>;

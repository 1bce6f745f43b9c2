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
  .enum(["pending", "partially_reversed", "due", "paid", "reversed", "held"])
  .openapi({
    description:
      "`pending` during the program's hold period (`partially_reversed`: pending and refunded in part), then `due` (owed to the partner; `GET /api/v1/payouts/preview`), then `paid` (`POST /api/v1/payouts`). A refund in full makes it `reversed` at any stage; a refund in part of a due or paid one keeps its stage and raises `reversed_amount_cents` (after payment, a negative adjustment goes to the partner's next payout). `held` while a Stripe dispute (chargeback) of its payment is open: a lost dispute reverses it, a won one returns it to the status it had. docs/payouts.md.",
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
    due_at: isoTimeSchema.nullable().openapi({
      description: "When the hold period ends (the commission is `due` from then on).",
    }),
    payout_id: z.string().nullable().openapi({
      description: "The payout (po_…) that paid it; null until it is paid.",
      example: null,
    }),
    paid_at: isoTimeSchema.nullable(),
    paid_amount_cents: z.number().int().nullable().openapi({
      description: "What the payout paid: the amount less what had been reversed by then.",
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

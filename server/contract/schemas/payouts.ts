// Payouts: what is due per partner and currency, and marking due commissions paid.
import { z } from "@hono/zod-openapi";
import {
  identifier,
  idSchema,
  isoTimeSchema,
  listQuerySchema,
  listResponse,
  modeSchema,
} from "./common";

export const previewLineSchema = z
  .object({
    partner_id: z.string(),
    currency: z.string(),
    commissions_count: z.number().int(),
    commissions_cents: z.number().int().openapi({
      description: "Due commissions less what refunds reversed of them.",
    }),
    adjustments_count: z.number().int(),
    adjustments_cents: z.number().int().openapi({
      description:
        "Carried negative adjustments: refunds of commissions already paid, taken from this payout.",
    }),
    amount_cents: z.number().int().openapi({ description: "What to pay: the sum of both." }),
    payable: z.boolean().openapi({
      description:
        "False when the adjustments outweigh the commissions: nothing is paid, everything is carried.",
    }),
  })
  .openapi("PayoutPreviewLine");

export const payoutPreviewSchema = z
  .object({
    object: z.literal("payout_preview"),
    mode: modeSchema,
    as_of: isoTimeSchema,
    data: z.array(previewLineSchema),
  })
  .openapi("PayoutPreview");

const idList = (prefix: string, description: string) =>
  z
    .array(z.string().max(100))
    .min(1, "must name at least one")
    .max(1000, "must name at most 1000")
    .optional()
    .openapi({ description, example: [`${prefix}_3kTmq9aZ1B7cXy0Lp2Qw4Rte`] });

export const createPayoutBodySchema = z
  .strictObject({
    reference: identifier(200).openapi({
      description:
        "Your reference for the payment (a bank transfer id). One payout per reference and mode: the same reference again answers the first payout (200) and pays nothing twice, also when two requests race.",
      example: "SEPA-2026-03-0042",
    }),
    commission_ids: idList(
      "com",
      "Pay exactly these commissions; each must be `due` and unpaid (else 409 COMMISSION_NOT_DUE, nothing paid). Without it, every due commission is paid.",
    ),
    partner_ids: idList("prt", "Pay only these partners."),
  })
  .openapi("CreatePayout");

export const payoutLineSchema = z
  .object({
    partner_id: z.string(),
    currency: z.string(),
    commission_ids: z.array(z.string()),
    adjustment_ids: z.array(z.string()),
    commissions_cents: z.number().int(),
    adjustments_cents: z.number().int(),
    amount_cents: z.number().int(),
  })
  .openapi("PayoutLine");

export const payoutSchema = z
  .object({
    id: idSchema("po"),
    object: z.literal("payout"),
    mode: modeSchema,
    reference: z.string(),
    lines: z.array(payoutLineSchema).openapi({
      description: "What the payout paid each partner in each currency.",
    }),
    created_at: isoTimeSchema,
  })
  .openapi("Payout");

export const listPayoutsQuerySchema = listQuerySchema;
export const payoutListSchema = listResponse(payoutSchema, "PayoutList");

export type PayoutObject = z.infer<typeof payoutSchema>;
export type PayoutPreviewObject = z.infer<typeof payoutPreviewSchema>;

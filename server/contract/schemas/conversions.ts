// Conversions and refunds on the wire: request bodies, list filters and response objects.
import { z } from "@hono/zod-openapi";
import { ATTRIBUTION_REASONS, MISSING_CLICK_DETAILS } from "../attribution-reasons";
import { commissionStatusSchema } from "./commissions";
import {
  amountCentsSchema,
  currencyCodeSchema,
  currencySchema,
  identifier,
  idSchema,
  isoTimeSchema,
  listQuerySchema,
  listResponse,
  modeSchema,
  positiveAmountCentsSchema,
  textField,
} from "./common";

export const MAX_METADATA_KEYS = 20;

export const metadataSchema = z
  .record(
    identifier(40),
    textField(500).openapi({ description: "String values only, at most 500 characters." }),
  )
  .refine((value) => Object.keys(value).length <= MAX_METADATA_KEYS, {
    message: `must have at most ${MAX_METADATA_KEYS} keys`,
  })
  .openapi({ example: { plan: "pro" } });

export const createConversionBodySchema = z
  .strictObject({
    click_id: textField(200).nullable().optional().openapi({
      example: "clk_3kTmq9aZ1B7cXy0Lp2Qw4Rte",
      description:
        "The click id the snippet stored (`__selgeo.getClickId()`). Missing, null or empty: the conversion is recorded as unattributed with reason CLICK_ID_MISSING.",
    }),
    event_type: z
      .string()
      .regex(
        /^[A-Za-z0-9_.:-]{1,64}$/,
        "must be 1–64 letters, digits, '_', '.', ':' or '-' (e.g. purchase, signup)",
      )
      .openapi({ example: "purchase", description: "What happened: purchase, signup, lead, …" }),
    external_transaction_id: identifier(200).openapi({
      example: "txn_123",
      description:
        "Your id for the sale; reporting it again (same mode) is refused with 409 CONVERSION_DUPLICATE.",
    }),
    amount_cents: amountCentsSchema,
    currency: currencySchema,
    customer_id: identifier(200).nullable().optional().openapi({
      example: "cus_QxYzAbCdEfGhIj",
      description:
        "Your customer's id (Stripe's cus_… when you have it): one customer converting through many partners is a fraud signal, and a Stripe customer that is the partner's own `stripe_customer_id` a self-referral (docs/fraud.md).",
    }),
    customer_email: z
      .email({ message: "must be an e-mail address" })
      .max(254)
      .nullable()
      .optional()
      .openapi({
        description:
          "The customer's e-mail, when known: compared with the partner's to catch self-referrals (docs/fraud.md), never stored.",
      }),
    occurred_at: isoTimeSchema.optional().openapi({
      description:
        "When the sale happened (default: now); the attribution window is checked against it. Future times are refused.",
    }),
    metadata: metadataSchema.nullable().optional(),
  })
  .openapi("CreateConversion");

export type CreateConversionBody = z.infer<typeof createConversionBodySchema>;

export const commissionSummarySchema = z
  .object({
    id: idSchema("com"),
    amount_cents: z.number().int(),
    reversed_amount_cents: z.number().int(),
    currency: currencyCodeSchema,
    status: commissionStatusSchema,
  })
  .openapi("CommissionSummary");

export const conversionSchema = z
  .object({
    id: idSchema("conv"),
    object: z.literal("conversion"),
    mode: modeSchema,
    status: z.enum(["attributed", "unattributed"]),
    reason: z.enum(ATTRIBUTION_REASONS),
    reason_detail: z.enum(MISSING_CLICK_DETAILS).nullable().openapi({
      description:
        "Why CLICK_ID_MISSING, when Selgeo can tell: click_failed_in_browser (the visitor came through a partner link whose click could not be recorded; the snippet sent its clk_failed_<ref> stand-in), api_without_click_id, stripe_without_reference. Null for every other reason.",
    }),
    click_id: z.string().nullable(),
    partner_id: z.string().nullable().openapi({
      description:
        "The partner behind the click (also when not attributed because the window expired or the partner is not approved); `status` says whether they were credited.",
    }),
    program_id: z.string().nullable(),
    event_type: z.string(),
    external_transaction_id: z.string(),
    amount_cents: z.number().int(),
    refunded_amount_cents: z.number().int(),
    currency: currencyCodeSchema,
    customer_id: z.string().nullable(),
    metadata: z.record(z.string(), z.string()).nullable(),
    source: z.enum(["api", "stripe"]),
    occurred_at: isoTimeSchema,
    created_at: isoTimeSchema,
    commission: commissionSummarySchema.nullable(),
  })
  .openapi("Conversion");

export type ConversionObject = z.infer<typeof conversionSchema>;

export const conversionListSchema = listResponse(conversionSchema, "ConversionList");

export const listConversionsQuerySchema = listQuerySchema
  .extend({
    click_id: z.string().max(200).optional(),
    external_transaction_id: z.string().max(200).optional(),
    partner_id: z.string().max(100).optional(),
    status: z.enum(["attributed", "unattributed"]).optional(),
    reason: z.enum(ATTRIBUTION_REASONS).optional().openapi({
      description: "Only conversions decided for this reason (ATTRIBUTED or why not).",
    }),
  })
  .openapi("ListConversionsQuery");

export const createRefundBodySchema = z
  .strictObject({
    amount_cents: positiveAmountCentsSchema.openapi({
      description: "At most what has not been refunded yet.",
    }),
    external_refund_id: identifier(200).optional().openapi({
      description:
        "Your id for the refund (e.g. Stripe's re_…): the same id again returns the first refund instead of refunding twice.",
    }),
  })
  .openapi("CreateRefund");

export const refundSchema = z
  .object({
    id: idSchema("rfd"),
    object: z.literal("refund"),
    mode: modeSchema,
    conversion_id: z.string(),
    amount_cents: z.number().int(),
    currency: currencyCodeSchema,
    commission_reversed_cents: z.number().int(),
    external_refund_id: z.string().nullable(),
    created_at: isoTimeSchema,
    conversion: conversionSchema,
  })
  .openapi("Refund");

export type RefundObject = z.infer<typeof refundSchema>;

import { z } from "@hono/zod-openapi";
import { isoTimeSchema, listQuerySchema, listResponse, modeSchema } from "./common";

/** What an audit entry records: the kind of decision. */
export const AUDIT_ACTIONS = [
  "attribution",
  "refund",
  "dispute",
  "stripe_event",
  "api_key",
  "program",
  "partner",
  "settings",
  "stripe_integration",
  "commission_due",
  "payout",
  "fraud_hold",
  "fraud_review",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What was decided. */
export const AUDIT_DECISIONS = [
  "attributed",
  "unattributed",
  "rejected",
  "reversed",
  "created",
  "updated",
  "not_held",
  "nothing_to_reverse",
  "already_counted",
  "already_refunded",
  "duplicate",
  "duplicate_delivery",
  "expired",
  "ignored",
  "pending",
  "rotated",
  "revoked",
  "held",
  "released",
  "partially_reversed",
  "no_commission",
  "approved",
  "suspended",
  "due",
  "paid",
  "settled",
] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

export const auditEntrySchema = z
  .object({
    id: z.string(),
    object: z.literal("audit_entry"),
    created_at: isoTimeSchema,
    mode: modeSchema,
    request_id: z.string(),
    action: z.enum(AUDIT_ACTIONS).openapi({ example: "attribution" }),
    decision: z.enum(AUDIT_DECISIONS).openapi({ example: "unattributed" }),
    reason: z.string().openapi({
      example: "ATTRIBUTION_WINDOW_EXPIRED",
      description:
        "An attribution reason (the Conversion's `reason` values, and CONVERSION_DUPLICATE), or the code of a refund, dispute, Stripe event or management change (docs/stripe.md). Open: new bookkeeping codes may appear; `explanation` is set for the codes the troubleshooting guide covers.",
    }),
    click_id: z.string().nullable(),
    conversion_id: z.string().nullable(),
    external_transaction_id: z.string().nullable(),
    stripe_event_id: z.string().nullable(),
    facts: z.record(z.string(), z.unknown()).openapi({
      description: "What the decision used: click time, window, partner status, …",
    }),
    explanation: z
      .object({
        guide_section: z.string().nullable().openapi({
          example: "Conversions not attributed › Attribution window expired",
          description:
            "The troubleshooting guide's section; null when none applies (ATTRIBUTED decisions).",
        }),
        cause: z.string(),
        fix: z.string().openapi({ description: "Empty when nothing needs fixing." }),
      })
      .nullable()
      .openapi({
        description:
          "The reason in the troubleshooting guide's words, with the fix; null for bookkeeping entries the guide does not cover.",
      }),
    actor: z
      .object({
        type: z.enum(["user", "api_key"]),
        id: z.string(),
        label: z.string().openapi({ example: "sk_test_…4Rte" }),
      })
      .nullable()
      .openapi({
        description:
          "Who caused the entry: a dashboard user (label: e-mail) or an API key (label: masked key); null for Stripe's deliveries and entries older than this field.",
      }),
  })
  .openapi("AuditEntry");

const lookup = z.string().max(200).optional();
export const listAuditQuerySchema = listQuerySchema.extend({
  click_id: lookup,
  conversion_id: lookup,
  request_id: lookup,
  external_transaction_id: lookup,
});
export const auditListSchema = listResponse(auditEntrySchema, "AuditEntryList");

export type AuditEntryObject = z.infer<typeof auditEntrySchema>;

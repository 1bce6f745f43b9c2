import { z } from "@hono/zod-openapi";
import { isoTimeSchema, modeSchema } from "./common";

/** Stripe's endpoint secrets: `whsec_` + base64-ish characters, no whitespace. */
export const webhookSecretSchema = z
  .string({ message: "must be the endpoint's signing secret, whsec_…" })
  .trim()
  .regex(
    /^whsec_[A-Za-z0-9+/=_-]{8,200}$/,
    "must be the endpoint's signing secret: whsec_ followed by 8–200 letters and digits (Stripe Dashboard › Developers › Webhooks › your endpoint › Signing secret)",
  )
  .openapi({ example: "whsec_3kTmq9aZ1B7cXy0Lp2Qw4Rte5Yu6Io7P" });

export const updateStripeIntegrationBodySchema = z
  .strictObject({ webhook_secret: webhookSecretSchema })
  .openapi("UpdateStripeIntegration");

export const stripeIntegrationSchema = z
  .object({
    object: z.literal("stripe_integration"),
    mode: modeSchema.openapi({ description: "The mode of the key used: its secret is shown." }),
    webhook_url: z.string().openapi({
      example: "https://api.selgeo.com/api/v1/webhooks/stripe/mer_3kTmq9aZ1B7cXy0Lp2Qw4Rte",
      description:
        "The endpoint URL to enter in Stripe, the same for both modes: under PUBLIC_URL when the server has one, otherwise under the address the request reached.",
    }),
    webhook_secret: z.string().nullable().openapi({
      example: "whsec_…7P",
      description: "Masked; null while no secret is set for this mode.",
    }),
    updated_at: isoTimeSchema.nullable(),
    events: z.array(z.string()).openapi({ description: "The event types to select in Stripe." }),
  })
  .openapi("StripeIntegration");

export type StripeIntegrationObject = z.infer<typeof stripeIntegrationSchema>;

export const webhookParamsSchema = z.object({
  merchant_id: z.string().openapi({
    param: { name: "merchant_id", in: "path" },
    example: "mer_3kTmq9aZ1B7cXy0Lp2Qw4Rte",
  }),
});

/** What a webhook delivery did; `processing`: another delivery of the event is being handled. */
export const WEBHOOK_OUTCOMES = [
  "recorded",
  "duplicate",
  "already_counted",
  "refunded",
  "linked",
  "held",
  "released",
  "reversed",
  "ignored",
  "pending",
  "expired",
  "processing",
] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

export const webhookReceivedSchema = z
  .object({
    received: z.literal(true),
    duplicate: z.boolean().openapi({
      description: "true when this event id was received before: nothing was done again.",
    }),
    outcome: z.enum(WEBHOOK_OUTCOMES).openapi({
      description:
        "recorded, duplicate (the transaction was already reported), already_counted (a subscription's first invoice), refunded, linked, held (a dispute holds the commission), released (a dispute closed in the merchant's favour), reversed (a dispute was lost), pending (kept until what the event refers to arrives), expired (kept too long and given up; a redelivery tries again), ignored, or processing (another delivery of the event is being handled).",
    }),
    reason: z.string().optional(),
    conversion_id: z.string().optional(),
  })
  .openapi("StripeWebhookReceived");

export type WebhookReceived = z.infer<typeof webhookReceivedSchema>;

export const stripeDeliveriesSchema = z
  .object({
    object: z.literal("stripe_deliveries"),
    mode: modeSchema,
    last_event: z
      .object({
        id: z.string(),
        type: z.string(),
        received_at: isoTimeSchema,
        outcome: z.string(),
        request_id: z.string(),
      })
      .nullable()
      .openapi({ description: "The newest verified event of this mode; null before the first." }),
    signature_failures: z
      .array(
        z.object({
          id: z.string(),
          received_at: isoTimeSchema,
          request_id: z.string(),
          reason: z.string().openapi({
            example: "no_matching_signature",
            description:
              "missing_header, not_configured, stale_timestamp, malformed_header, no_matching_signature or livemode_mismatch.",
          }),
          message: z.string(),
          claimed_mode: modeSchema.nullable().openapi({
            description: "The mode the unverified payload claimed (livemode); null if unreadable.",
          }),
        }),
      )
      .openapi({
        description:
          "The newest deliveries (at most 20 kept) whose signature did not verify, of this mode or of no readable mode.",
      }),
  })
  .openapi("StripeDeliveries");

export type StripeDeliveriesObject = z.infer<typeof stripeDeliveriesSchema>;

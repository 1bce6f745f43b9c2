// Outbound webhooks: the merchant's endpoints, per mode, and the deliveries to them.
import { z } from "@hono/zod-openapi";
import { WEBHOOK_EVENT_TYPES } from "../webhook-events";
import {
  idSchema,
  isoTimeSchema,
  listQuerySchema,
  listResponse,
  modeSchema,
  textField,
} from "./common";

const urlSchema = z
  .string()
  .max(2000, "must be at most 2000 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === "https:" || url.protocol === "http:") &&
        url.username === "" &&
        url.password === ""
      );
    } catch {
      return false;
    }
  }, "must be an http(s) URL without credentials")
  .openapi({ example: "https://shop.example/selgeo/webhooks" });

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, "must name at least one event")
  .refine((list) => new Set(list).size === list.length, "must not repeat an event")
  .openapi({ example: ["commission.created", "commission.paid"] });

export const createWebhookEndpointBodySchema = z
  .strictObject({
    url: urlSchema,
    events: eventsSchema,
    description: textField(200).optional(),
  })
  .openapi("CreateWebhookEndpoint");

export const updateWebhookEndpointBodySchema = z
  .strictObject({
    url: urlSchema.optional(),
    events: eventsSchema.optional(),
    description: textField(200).nullable().optional(),
    disabled: z.boolean({ message: "must be true or false" }).optional(),
  })
  .openapi("UpdateWebhookEndpoint");

export const webhookEndpointSchema = z
  .object({
    id: idSchema("we"),
    object: z.literal("webhook_endpoint"),
    mode: modeSchema,
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    description: z.string().nullable(),
    disabled: z.boolean(),
    created_at: isoTimeSchema,
    updated_at: isoTimeSchema,
  })
  .openapi("WebhookEndpoint");

export const createdWebhookEndpointSchema = webhookEndpointSchema
  .extend({
    secret: z.string().openapi({
      description:
        "Signs every delivery (`Selgeo-Signature`). Shown once, now: keep it where your receiver can read it.",
      example: "whsec_3kTmq9aZ1B7cXy0Lp2Qw4Rte3kTmq9aZ",
    }),
  })
  .openapi("CreatedWebhookEndpoint");

const deliveryStatusSchema = z.enum(["pending", "delivered", "failed"]).openapi({
  description:
    "`pending` until the endpoint answers 2xx (`delivered`), retried with exponential backoff for up to three days, then `failed`.",
});

export const webhookAttemptSchema = z
  .object({
    id: z.string(),
    status_code: z.number().int().nullable(),
    error: z.string().nullable(),
    duration_ms: z.number().int(),
    created_at: isoTimeSchema,
  })
  .openapi("WebhookAttempt");

export const webhookDeliverySchema = z
  .object({
    id: idSchema("wdl"),
    object: z.literal("webhook_delivery"),
    mode: modeSchema,
    endpoint_id: z.string(),
    event_id: z.string(),
    event_type: z.enum(WEBHOOK_EVENT_TYPES),
    status: deliveryStatusSchema,
    attempts: z.number().int(),
    next_attempt_at: isoTimeSchema.nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    delivered_at: isoTimeSchema.nullable(),
    created_at: isoTimeSchema,
  })
  .openapi("WebhookDelivery");

export const webhookDeliveryDetailSchema = webhookDeliverySchema
  .extend({
    event: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: "The event as sent." }),
    attempt_log: z.array(webhookAttemptSchema),
  })
  .openapi("WebhookDeliveryDetail");

export const listWebhookEndpointsQuerySchema = listQuerySchema;
export const webhookEndpointListSchema = listResponse(webhookEndpointSchema, "WebhookEndpointList");
export const listWebhookDeliveriesQuerySchema = listQuerySchema.extend({
  endpoint_id: z.string().max(100).optional(),
  status: deliveryStatusSchema.optional(),
});
export const webhookDeliveryListSchema = listResponse(webhookDeliverySchema, "WebhookDeliveryList");

export type WebhookEndpointObject = z.infer<typeof webhookEndpointSchema>;
export type WebhookDeliveryObject = z.infer<typeof webhookDeliverySchema>;
export type CreatedWebhookEndpointObject = z.infer<typeof createdWebhookEndpointSchema>;
export type WebhookDeliveryDetailObject = z.infer<typeof webhookDeliveryDetailSchema>;

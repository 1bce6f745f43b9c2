import { z } from "@hono/zod-openapi";
import {
  idSchema,
  isoTimeSchema,
  listQuerySchema,
  listResponse,
  refSchema,
  textField,
} from "./common";

export const partnerStatusSchema = z
  .enum(["pending", "approved", "rejected", "suspended"])
  .openapi({
    description: "Only approved partners earn commissions; conversions of the others are recorded.",
  });

const partnerName = textField(200).trim().min(1, "must not be empty").openapi({ example: "Ana" });
const partnerEmail = z
  .email({ message: "must be an email address" })
  .max(254, "must be at most 254 characters")
  .openapi({ example: "ana@example.com" });

/** Stripe's customer ids: `cus_` and letters and digits (test and live alike). */
export const STRIPE_CUSTOMER_ID = /^cus_[A-Za-z0-9]{1,100}$/;

const partnerStripeCustomer = z
  .string()
  .regex(STRIPE_CUSTOMER_ID, "must be a Stripe customer id (cus_ followed by letters and digits)")
  .openapi({
    example: "cus_QxYzAbCdEfGhIj",
    description:
      "The partner's own customer in Stripe (test or live), when you know it: a sale whose Stripe customer is this one is a self-referral (fraud signal `SELF_REFERRAL`, docs/fraud.md), whatever e-mail the customer gave.",
  });

export const createPartnerBodySchema = z
  .strictObject({
    name: partnerName,
    email: partnerEmail.optional(),
    stripe_customer_id: partnerStripeCustomer.optional(),
    program_id: z.string().max(100).openapi({ example: "prg_3kTmq9aZ1B7cXy0Lp2Qw4Rte" }),
    ref: refSchema.optional().openapi({
      description: "Unique per merchant; generated when absent.",
    }),
    status: partnerStatusSchema.default("pending"),
  })
  .openapi("CreatePartner");

export const updatePartnerBodySchema = z
  .strictObject({
    name: partnerName.optional(),
    email: partnerEmail.nullable().optional().openapi({ description: "null removes it." }),
    stripe_customer_id: partnerStripeCustomer
      .nullable()
      .optional()
      .openapi({ description: "The partner's own Stripe customer (cus_…); null removes it." }),
    program_id: z.string().max(100).optional(),
    ref: refSchema.optional(),
    status: partnerStatusSchema.optional(),
  })
  .openapi("UpdatePartner");

export const partnerSchema = z
  .object({
    id: idSchema("prt"),
    object: z.literal("partner"),
    name: z.string(),
    email: z.string().nullable(),
    stripe_customer_id: z.string().nullable().openapi({
      example: "cus_QxYzAbCdEfGhIj",
      description:
        "The partner's own Stripe customer, compared with each sale's customer (self-referral); null when not set.",
    }),
    program_id: z.string(),
    ref: z.string(),
    status: partnerStatusSchema,
    created_at: isoTimeSchema,
    updated_at: isoTimeSchema,
  })
  .openapi("Partner");

export const listPartnersQuerySchema = listQuerySchema.extend({
  status: partnerStatusSchema.optional(),
  program_id: z.string().max(100).optional(),
});
export const partnerListSchema = listResponse(partnerSchema, "PartnerList");

export type PartnerObject = z.infer<typeof partnerSchema>;

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

export const createPartnerBodySchema = z
  .strictObject({
    name: partnerName,
    email: partnerEmail.optional(),
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

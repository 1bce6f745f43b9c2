// Building blocks of the zod schemas that read Stripe payloads, under the API's own input rules
// (contract/schemas/common.ts): ids are identifiers (no control or invisible characters, at most
// 200 characters), amounts are whole cents within the API's cap, currencies are ISO 4217 codes.
// A signed event that breaks them is acknowledged and audited, and nothing is recorded: it is
// not retried by Stripe, and nothing the API would refuse enters the database through Stripe.
// Payloads come in the shape of the API version the merchant's endpoint was created with, so
// the schemas read the older fields and the newer ones alike; fields not read are not checked.
import { z } from "zod";
import {
  amountCentsSchema,
  currencySchema,
  hasControlCharacters,
  identifier,
} from "../contract/schemas/common";

export const stripeIdSchema = identifier(200);

/** Expandable fields are either an id or the object itself. */
export const expandableIdSchema = z
  .union([stripeIdSchema, z.object({ id: stripeIdSchema })])
  .transform((value) => (typeof value === "string" ? value : value.id));

/** An expandable field that may be absent or null: its id, or null. */
export const optionalIdSchema = expandableIdSchema.nullish().transform((id) => id ?? null);

export const amountSchema = amountCentsSchema;
/** Stripe sends lower case; the API stores upper case. */
export const stripeCurrencySchema = currencySchema;

/** Unix seconds up to the year 9999, so any time converts to ISO-8601. */
export const unixTimeSchema = z.number().int().min(0).max(253_402_300_799);

/** Short codes Stripe sends (modes, statuses, billing reasons), kept free of control characters. */
export const codeSchema = z
  .string()
  .max(100)
  .refine((value) => !hasControlCharacters(value), "must not contain control characters");

export function isoFromUnix(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** `field: problem; …` for the audit entry of an event whose payload breaks the rules. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(
      (issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(object)"}: ${issue.message}`,
    )
    .join("; ");
}

import { z } from "@hono/zod-openapi";
import {
  currencySchema,
  idSchema,
  isoTimeSchema,
  listQuerySchema,
  listResponse,
  positiveAmountCentsSchema,
  textField,
} from "./common";

export const attributionModelSchema = z.enum(["last_click", "first_click"]).openapi({
  description:
    "last_click: a new ref replaces the stored click. first_click: the first stored click is kept until it expires.",
});

export const commissionRuleSchema = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("percent"),
      percent: z
        .number({ message: "must be a number" })
        .gt(0, "must be greater than 0")
        .max(100, "must be at most 100")
        .openapi({ example: 20, description: "Share of the conversion amount; decimals allowed." }),
    }),
    z.strictObject({
      type: z.literal("flat"),
      amount_cents: positiveAmountCentsSchema,
      currency: currencySchema,
    }),
  ])
  .openapi("CommissionRule", {
    example: { type: "percent", percent: 20 },
  });

const programName = textField(200)
  .trim()
  .min(1, "must not be empty")
  .openapi({ example: "Creators 2026" });
const windowDays = z
  .number({ message: "must be a number of days" })
  .int("must be a whole number of days")
  .min(1, "must be at least 1 day")
  .max(365, "must be at most 365 days");
const recurringMonths = z
  .number({ message: "must be a number of months" })
  .int("must be a whole number of months")
  .min(0, "must not be negative")
  .max(120, "must be at most 120 months")
  .openapi({ description: "0 = the first payment only." });

export const createProgramBodySchema = z
  .strictObject({
    name: programName,
    attribution_window_days: windowDays.default(30),
    commission: commissionRuleSchema,
    recurring_months: recurringMonths.default(0),
    attribution_model: attributionModelSchema.default("last_click"),
  })
  .openapi("CreateProgram");

export const updateProgramBodySchema = z
  .strictObject({
    name: programName.optional(),
    attribution_window_days: windowDays.optional(),
    commission: commissionRuleSchema.optional(),
    recurring_months: recurringMonths.optional(),
    attribution_model: attributionModelSchema.optional(),
  })
  .openapi("UpdateProgram");

export const programSchema = z
  .object({
    id: idSchema("prg"),
    object: z.literal("program"),
    name: z.string(),
    attribution_window_days: z.number().int(),
    commission: commissionRuleSchema,
    recurring_months: z.number().int(),
    attribution_model: attributionModelSchema,
    created_at: isoTimeSchema,
    updated_at: isoTimeSchema,
  })
  .openapi("Program");

export const listProgramsQuerySchema = listQuerySchema;
export const programListSchema = listResponse(programSchema, "ProgramList");

export type ProgramObject = z.infer<typeof programSchema>;

// GET /api/v1/stats: per-day figures from the daily aggregates, for the dashboard's Overview and
// for merchants' own reports.
import { z } from "@hono/zod-openapi";
import { ATTRIBUTION_REASONS } from "../attribution-reasons";
import { currencyCodeSchema, modeSchema } from "./common";

/** The longest range one request may ask for. */
export const MAX_STATS_DAYS = 366;

const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD (UTC)")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "must be a real date");

export const statsQuerySchema = z
  .strictObject({
    from: dateSchema.optional().openapi({
      description: "First day (UTC), inclusive. Default: 29 days before `to`.",
      example: "2026-03-01",
    }),
    to: dateSchema.optional().openapi({
      description: "Last day (UTC), inclusive. Default: today.",
      example: "2026-03-30",
    }),
    partner_id: z.string().max(100).optional().openapi({ description: "One partner's figures." }),
  })
  .openapi("StatsQuery");

const commissionTotalSchema = z
  .object({
    currency: currencyCodeSchema,
    amount_cents: z.number().int().openapi({ description: "Commissions created." }),
    reversed_cents: z.number().int().openapi({ description: "Reversed by refunds that day." }),
  })
  .openapi("CommissionTotal");

const figures = {
  clicks: z.number().int(),
  conversions: z.number().int(),
  attributed_conversions: z.number().int(),
  commissions: z.array(commissionTotalSchema).openapi({
    description: "Per currency, in its smallest unit; empty when there were none.",
  }),
};

export const statsSchema = z
  .object({
    object: z.literal("stats"),
    mode: modeSchema,
    from: z.string(),
    to: z.string(),
    partner_id: z.string().nullable(),
    days: z.array(z.object({ date: z.string(), ...figures })).openapi({
      description: "Every day of the range, oldest first, days without activity included.",
    }),
    totals: z.object({
      ...figures,
      attribution_rate: z.number().nullable().openapi({
        description: "attributed_conversions / conversions; null without conversions.",
      }),
    }),
    top_partners: z.array(z.object({ partner_id: z.string(), ...figures })).openapi({
      description: "Up to five partners with the most attributed conversions, then clicks.",
    }),
    reasons: z
      .array(z.object({ reason: z.enum(ATTRIBUTION_REASONS), conversions: z.number().int() }))
      .openapi({ description: "Conversions per attribution reason, every reason listed." }),
  })
  .openapi("Stats");

export type StatsObject = z.infer<typeof statsSchema>;

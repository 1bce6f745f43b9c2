// GET /api/v1/integration/health: the server's side of a diagnosis (what the browser cannot see),
// computed from the merchant's own data for one mode and period: counts, and findings in the
// extension's shape (contract/finding.ts).
import { z } from "@hono/zod-openapi";
import { findingDraftSchema } from "../finding";
import { modeSchema, timeBound } from "./common";

/** The longest period one request may ask for, in days. */
export const MAX_HEALTH_DAYS = 366;
/** The default period: the last seven days. */
export const DEFAULT_HEALTH_DAYS = 7;

/**
 * Where a conversion came from, as integration health counts those without a click id: the
 * Conversion API, a Stripe Checkout Session (or one made by a Payment Link), a subscription's
 * invoice.
 */
export const CONVERSION_CHANNELS = [
  "api",
  "stripe_checkout",
  "stripe_payment_link",
  "stripe_invoice",
] as const;
export type ConversionChannel = (typeof CONVERSION_CHANNELS)[number];

/** The click requests integration health counts when they are refused, per key and origin. */
export const COUNTED_REFUSALS = ["RATE_LIMITED", "ORIGIN_NOT_ALLOWED"] as const;
export type CountedRefusal = (typeof COUNTED_REFUSALS)[number];

export const healthQuerySchema = z
  .strictObject({
    mode: modeSchema.optional().openapi({
      description:
        "The mode to report on; it must be the caller's (the secret key's, or the dashboard's `Selgeo-Mode`). Default: the caller's.",
    }),
    "created[gte]": timeBound(`Start of the period. Default: ${DEFAULT_HEALTH_DAYS} days ago.`),
    "created[lt]": timeBound("End of the period (exclusive). Default: now."),
  })
  .openapi("IntegrationHealthQuery");

const countSchema = z.number().int().min(0);

export const integrationHealthSchema = z
  .object({
    object: z.literal("integration_health"),
    mode: modeSchema,
    period: z.object({ gte: z.string(), lt: z.string() }).openapi({
      description:
        "The period asked for. Counts are kept per UTC day: days the period touches are counted whole.",
    }),
    findings: z.array(findingDraftSchema).openapi({
      description:
        "Each problem the data shows, worst first, in the shape of the DevTools extension's findings: the troubleshooting guide's section and symptom, the cause, the fix, and evidence naming ids.",
    }),
    clicks_by_origin: z.array(z.object({ origin: z.string(), clicks: countSchema })).openapi({
      description:
        "Clicks recorded per page origin (the request's Origin, else the page URL's), most first. At most 50 origins a day are named; the rest count as `(other)`.",
    }),
    clicks_failed_in_browser: z
      .array(z.object({ origin: z.string(), clicks: countSchema }))
      .openapi({
        description:
          "Clicks the snippet reported it could not record, per page origin (empty until the snippet reports them).",
      }),
    conversions_by_reason: z
      .array(z.object({ reason: z.string(), conversions: countSchema }))
      .openapi({ description: "Conversions recorded in the period per attribution reason." }),
    click_id_missing_by_source: z
      .array(z.object({ source: z.enum(CONVERSION_CHANNELS), conversions: countSchema }))
      .openapi({
        description:
          "CLICK_ID_MISSING conversions per source: `api` (Conversion API without click_id), `stripe_checkout` (a Checkout Session without metadata.aff_click_id or client_reference_id), `stripe_payment_link` (a Payment Link's session without client_reference_id), `stripe_invoice` (a subscription's invoice whose subscription started without one).",
      }),
    refusals: z
      .array(
        z.object({
          key_id: z.string(),
          origin: z.string(),
          code: z.enum(COUNTED_REFUSALS),
          count: countSchema,
        }),
      )
      .openapi({
        description:
          "Click requests refused with 429 RATE_LIMITED or 403 ORIGIN_NOT_ALLOWED, per publishable key and request origin (at most 50 origins a day; the rest as `(other)`). Counted in memory and written every few seconds.",
      }),
    stripe: z.object({
      configured_modes: z.array(modeSchema),
      last_event: z
        .object({
          event_id: z.string(),
          type: z.string(),
          received_at: z.string(),
          request_id: z.string(),
        })
        .nullable(),
      signature_failures: countSchema.openapi({
        description: "Refused deliveries in the period (the newest 20 are kept).",
      }),
      unconfigured_mode_events: countSchema.openapi({
        description:
          "Refused deliveries whose event claims this mode while no signing secret is set for it.",
      }),
    }),
  })
  .openapi("IntegrationHealth");
export type IntegrationHealth = z.infer<typeof integrationHealthSchema>;

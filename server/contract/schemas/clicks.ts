import { z } from "@hono/zod-openapi";
import {
  idSchema,
  isoTimeSchema,
  listQuerySchema,
  listResponse,
  modeSchema,
  refSchema,
  textField,
} from "./common";

export const createClickBodySchema = z
  .strictObject({
    key: z
      .string()
      .max(200)
      .optional()
      .openapi({ example: "pk_test_…", description: "Or send it as Authorization: Bearer pk_…" }),
    ref: refSchema,
    url: textField(2048).optional(),
    referrer: textField(2048).optional(),
    failed_attempts: z.number().int().min(1).max(100000).optional().openapi({
      description:
        "Sent by the snippet when it retries a click whose earlier requests failed in the browser (no response, 429, 5xx): how many failed. Recorded beside the click, so integration health can count clicks that failed in the browser.",
    }),
    first_failed_at: isoTimeSchema.optional().openapi({
      description: "With failed_attempts: when the first request failed, by the browser's clock.",
    }),
    automated: z.boolean().optional().openapi({
      description:
        "Sent (true) by the snippet when the browser reports itself automated (`navigator.webdriver`: WebDriver, Puppeteer, Playwright). The click is recorded as usual; a conversion through it within the program's `fraud.automated_seconds` is held with the signal AUTOMATED_BROWSER (docs/fraud.md).",
    }),
  })
  .openapi("CreateClick");

export const clickCreatedSchema = z
  .object({
    click_id: z.string().nullable().openapi({
      description:
        "null when the request came from a known bot or link preview (nothing was counted).",
    }),
    mode: modeSchema,
    expires_at: isoTimeSchema.nullable(),
    attribution_model: z.enum(["last_click", "first_click"]),
    ignored: z.literal("bot").optional(),
  })
  .openapi("ClickCreated");

export const clickSchema = z
  .object({
    id: idSchema("clk"),
    object: z.literal("click"),
    mode: modeSchema,
    partner_id: z.string(),
    program_id: z.string(),
    ref: z.string(),
    url: z.string().nullable(),
    referrer: z.string().nullable(),
    created_at: isoTimeSchema,
    expires_at: isoTimeSchema,
  })
  .openapi("Click");

export const listClicksQuerySchema = listQuerySchema.extend({
  partner_id: z.string().max(100).optional(),
  ref: z.string().max(64).optional(),
});
export const clickListSchema = listResponse(clickSchema, "ClickList");

export type ClickCreated = z.infer<typeof clickCreatedSchema>;
export type ClickObject = z.infer<typeof clickSchema>;

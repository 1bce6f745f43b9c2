// The `details` of each error code, typed: what a client may read off an error of that code
// (DESIGN.md § HTTP API v1). The OpenAPI document gives every code its own error schema with
// these details, and each status the closed list of codes it can carry.
import { z } from "@hono/zod-openapi";
import { ATTRIBUTION_REASONS } from "../attribution-reasons";
import { ERROR_STATUS, type ErrorCode } from "../errors";
import { MODES } from "../key-format";
import { commissionStatusSchema } from "./commissions";
import { commissionSummarySchema } from "./conversions";
import { payoutLineSchema } from "./payouts";

/** The click budgets a 429 can name (rate-limit/click-budgets.ts). */
export const CLICK_BUDGETS = ["key", "visitor", "refused-origins"] as const;

const none = z.strictObject({});

const fields = z.record(z.string(), z.string()).openapi({
  description: "Every failing field (or parameter, or header) with what it must be.",
  example: { amount_cents: "must be a whole number of cents (no fractions)" },
});

export const ERROR_DETAILS = {
  VALIDATION_ERROR: z.strictObject({
    fields,
    refundable_cents: z
      .number()
      .int()
      .optional()
      .openapi({ description: "A refund too large: what remains refundable." }),
    refunded_amount_cents: z.number().int().optional(),
    amount_cents: z.number().int().optional(),
    conversion_id: z
      .string()
      .optional()
      .openapi({ description: "A refund id already used: the conversion it belongs to." }),
  }),
  INVALID_JSON: z.strictObject({
    parser: z.string().optional().openapi({ description: "What the JSON parser said." }),
  }),
  WEBHOOK_SIGNATURE_INVALID: z.strictObject({ reason: z.string() }),
  INVALID_API_KEY: z.strictObject({ reason: z.enum(["MALFORMED", "UNKNOWN", "REVOKED"]) }),
  INVALID_CREDENTIALS: none,
  SESSION_EXPIRED: none,
  SECRET_KEY_REQUIRED: none,
  PUBLISHABLE_KEY_REQUIRED: none,
  ORIGIN_NOT_ALLOWED: z.strictObject({ origin: z.string().nullable() }),
  CSRF_TOKEN_INVALID: none,
  NOT_FOUND: z.strictObject({
    mode: z
      .enum(MODES)
      .optional()
      .openapi({ description: "The mode searched: objects of the other mode are not visible." }),
  }),
  REFERRAL_NOT_FOUND: z.strictObject({ ref: z.string() }),
  METHOD_NOT_ALLOWED: z.strictObject({ allowed_methods: z.array(z.string()) }),
  CONVERSION_DUPLICATE: z.strictObject({
    conversion_id: z.string().openapi({ description: "The first conversion, which stands." }),
    external_transaction_id: z.string(),
    status: z.enum(["attributed", "unattributed"]),
    reason: z.enum(ATTRIBUTION_REASONS),
    commission: commissionSummarySchema.nullable(),
  }),
  IDEMPOTENCY_KEY_REUSED: z.strictObject({ idempotency_key: z.string() }),
  IDEMPOTENCY_KEY_IN_USE: z.strictObject({ idempotency_key: z.string() }),
  COMMISSION_NOT_DUE: z.strictObject({
    commission_ids: z.array(z.string()).openapi({ description: "The commissions not due." }),
  }),
  COMMISSION_NOT_HELD: z.strictObject({
    status: commissionStatusSchema,
    held_by: z.string().nullable(),
  }),
  NOTHING_TO_PAY: z.strictObject({
    carried: z.array(payoutLineSchema).openapi({
      description: "Partners whose carried adjustments outweigh what is due to them.",
    }),
  }),
  PAYLOAD_TOO_LARGE: z.strictObject({ limit_bytes: z.number().int().optional() }),
  RATE_LIMITED: z.strictObject({
    limit: z.number().int().optional().openapi({ description: "Requests allowed per window." }),
    retry_after: z.number().int().openapi({ description: "Seconds until a retry may succeed." }),
    budget: z.enum(CLICK_BUDGETS).optional().openapi({
      description:
        "Clicks: which budget ran out: the key's, the visitor's (RATE_LIMIT_PER_VISITOR), or the one requests from refused origins share.",
    }),
  }),
  INTERNAL_ERROR: none,
  UNAVAILABLE: none,
} satisfies Record<ErrorCode, z.ZodType>;

/** `VALIDATION_ERROR` → `ValidationError`: the name of the code's error schema. */
export function errorSchemaName(code: ErrorCode): string {
  return `${code
    .toLowerCase()
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("")}Error`;
}

/** The envelope of one code, `details` typed. */
export function errorSchemaOf(code: ErrorCode) {
  return z
    .strictObject({
      error: z.strictObject({
        code: z.literal(code),
        message: z.string().openapi({ description: "What went wrong and how to fix it." }),
        request_id: z.string().openapi({ example: "req_3kTmq9aZ1B7cXy0Lp2Qw4Rte" }),
        doc_url: z.url().openapi({
          description: "The code's section of /docs/errors.",
          example: `https://selgeo.example/docs/errors#${code.toLowerCase().replaceAll("_", "-")}`,
        }),
        details: ERROR_DETAILS[code],
      }),
    })
    .openapi(errorSchemaName(code));
}

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

// Building blocks shared by every endpoint's schemas.
import { z } from "@hono/zod-openapi";
import { ERROR_STATUS } from "../errors";
import { MODES } from "../key-format";

/** ISO 4217 codes as the runtime's ICU knows them (Node 20 ships the full list). */
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export const currencySchema = z
  .string()
  .transform((value) => value.toUpperCase())
  .refine((value) => CURRENCIES.has(value), {
    message: "must be an ISO 4217 currency code, e.g. EUR",
  })
  .openapi({
    example: "EUR",
    pattern: "^[A-Za-z]{3}$",
    description: "ISO 4217 code; lower case is accepted.",
  });

/** A currency as the API answers it: an ISO 4217 code in upper case. */
export const currencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .openapi({ example: "EUR", description: "ISO 4217 code." });

/** $100,000,000.00: anything larger is a bug in the caller, not a sale. */
export const MAX_AMOUNT_CENTS = 10_000_000_000;

export const amountCentsSchema = z
  .number({ message: "must be a number of cents" })
  .int("must be a whole number of cents (no fractions)")
  .min(0, "must not be negative")
  .max(MAX_AMOUNT_CENTS, `must be at most ${MAX_AMOUNT_CENTS} cents`)
  .openapi({ example: 4900 });

export const positiveAmountCentsSchema = amountCentsSchema.refine(
  (v) => v > 0,
  "must be greater than 0",
);

export const modeSchema = z.enum(MODES);

/** C0 controls and DEL: never useful in these fields, and trouble in logs and terminals. */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Printable text without control characters; the database and logs get nothing else. */
export function textField(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value), "must not contain control characters");
}

/**
 * Identifiers that are compared exactly (transaction, customer and Stripe ids): no control,
 * format (bidi) or unassigned characters, no surrounding whitespace.
 */
export function identifier(max: number) {
  return z
    .string()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !/\p{C}/u.test(value), "must not contain control or invisible characters")
    .refine((value) => value.trim() === value, "must not start or end with whitespace");
}

export const refSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, '_' or '-'")
  .openapi({ example: "abc123" });

export const isoTimeSchema = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time" });

export function idSchema(prefix: string) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,64}$`), `must be an id starting with ${prefix}_`)
    .openapi({ example: `${prefix}_3kTmq9aZ1B7cXy0Lp2Qw4Rte` });
}

/** A bound of a date-range filter: an ISO-8601 time, or a date (midnight UTC), stored form out. */
export const timeBound = (description: string) =>
  z
    .string()
    .max(40)
    .refine(
      (value) =>
        (/^\d{4}-\d{2}-\d{2}$/.test(value) || isoTimeSchema.safeParse(value).success) &&
        !Number.isNaN(Date.parse(value)),
      "must be an ISO-8601 time (2026-03-01T00:00:00Z) or a date (2026-03-01, midnight UTC)",
    )
    .transform((value) => new Date(value).toISOString())
    .optional()
    .openapi({ description, example: "2026-03-01T00:00:00Z" });

/** Every list: cursor pagination and a creation-time range. Any other parameter is refused. */
export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(10).openapi({ example: 10 }),
  starting_after: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: "Id of the last object of the previous page." }),
  "created[gte]": timeBound("Only objects created at or after this time."),
  "created[lt]": timeBound("Only objects created before this time."),
});

export function listResponse<T extends z.ZodType>(item: T, name: string) {
  return z.object({ data: z.array(item), has_more: z.boolean() }).openapi(name);
}

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(
        Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]],
      ),
      message: z.string(),
      request_id: z.string(),
      doc_url: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi("Error");

/** The error responses a route can give, for its OpenAPI entry. */
export function errorResponses(...statuses: number[]) {
  const out: Record<
    number,
    { description: string; content: { "application/json": { schema: typeof errorSchema } } }
  > = {};
  for (const status of statuses) {
    const codes = Object.entries(ERROR_STATUS)
      .filter(([, s]) => s === status)
      .map(([code]) => code);
    out[status] = {
      description: codes.join(", "),
      content: { "application/json": { schema: errorSchema } },
    };
  }
  return out;
}

/** A secret key, or the dashboard's session (routes/session/, http/session-auth.ts) with its mode and CSRF token. */
export const secretSecurity: Array<Record<string, string[]>> = [
  { SecretKey: [] },
  { DashboardSession: [] },
];
export const publishableSecurity = [{ PublishableKey: [] }];

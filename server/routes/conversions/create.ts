import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import {
  type ConversionObject,
  conversionSchema,
  createConversionBodySchema,
} from "../../contract/schemas/conversions";
import { presentConversion } from "../../conversions/present";
import { recordConversion } from "../../conversions/record";
import { requireSecretKey } from "../../http/auth";
import { readJson } from "../../http/body";
import { type App, mount } from "../../http/route";
import type { Commission, Conversion } from "../../store/schema";

export type CreateConversionResponse = ConversionObject;

/** Merchant servers' clocks drift; a few minutes ahead of ours is still "now". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export const route = createRoute({
  method: "post",
  operationId: "createConversion",
  path: "/api/v1/conversions",
  tags: ["Conversions"],
  summary: "Report a conversion",
  description:
    "Always recorded (201) unless invalid or a duplicate: `status` says whether it was attributed and `reason` why (checked in this order: CLICK_ID_MISSING, CLICK_NOT_FOUND, MODE_MISMATCH, CLICK_AFTER_CONVERSION (`occurred_at` more than 5 minutes before the click), ATTRIBUTION_WINDOW_EXPIRED, PARTNER_NOT_APPROVED, ATTRIBUTED). The decision and its facts are written to the audit log with the request id. The same `external_transaction_id` again (same mode) → 409 CONVERSION_DUPLICATE naming the first conversion in `details.conversion_id`, also when two requests race.",
  security: secretSecurity,
  request: {
    body: {
      content: { "application/json": { schema: createConversionBodySchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: "Conversion recorded, attributed or not",
      content: { "application/json": { schema: conversionSchema } },
    },
    ...errorResponses(400, 401, 409, 413, 503),
  },
});

/**
 * The 409 for a repeated transaction, naming the first conversion and its outcome (status,
 * reason, commission), so a retry after a lost 201 learns it without fetching the conversion.
 */
function conversionDuplicate(first: Conversion, commission: Commission | null): ApiError {
  const presented = presentConversion(first, commission);
  return new ApiError(
    "CONVERSION_DUPLICATE",
    `The transaction ${first.external_transaction_id} was already reported as ${first.id}. Retries need no action; give each different sale its own external_transaction_id.`,
    {
      details: {
        conversion_id: first.id,
        external_transaction_id: first.external_transaction_id,
        status: presented.status,
        reason: presented.reason,
        commission: presented.commission,
      },
    },
  );
}

export function registerCreateConversion(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const services = c.get("services");
    const auth = c.get("auth");
    const body = await readJson(c, createConversionBodySchema);
    if (
      body.occurred_at &&
      Date.parse(body.occurred_at) > services.clock.now().getTime() + FUTURE_TOLERANCE_MS
    ) {
      throw new ApiError(
        "VALIDATION_ERROR",
        "occurred_at is in the future. Send the time the sale happened (ISO-8601 with a time zone), or leave it out for now.",
        { details: { fields: { occurred_at: "must not be in the future" } } },
      );
    }
    const outcome = await recordConversion(
      services,
      {
        merchantId: auth.merchant.id,
        mode: auth.mode,
        requestId: c.get("requestId"),
        source: "api",
      },
      body,
    );
    if (outcome.kind === "duplicate") {
      throw conversionDuplicate(outcome.conversion, outcome.commission);
    }
    const answer: CreateConversionResponse = presentConversion(
      outcome.conversion,
      outcome.commission,
    );
    return c.json(answer, 201);
  });
}

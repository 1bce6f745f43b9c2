import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { createRefundBodySchema, refundSchema } from "../../contract/schemas/conversions";
import { idParams } from "../../contract/schemas/params";
import { requireSecretKey } from "../../http/auth";
import { readJson, validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";
import { presentRefund } from "../../refunds/present";
import { type RefundOutcome, refundConversion } from "../../refunds/refund";

const params = idParams("conv");

export const route = createRoute({
  method: "post",
  operationId: "createRefund",
  path: "/api/v1/conversions/{id}/refunds",
  tags: ["Conversions"],
  summary: "Refund a conversion in part or whole",
  description:
    "Adds to the conversion's refunded amount and reverses its commission in proportion (`partially_reversed`, or `reversed` once the whole amount is refunded). A refund larger than what remains is refused with 400 VALIDATION_ERROR (`details.refundable_cents`), also when two refunds race. With `external_refund_id`, the same id again returns the first refund (200) instead of refunding twice.",
  security: secretSecurity,
  request: {
    params,
    body: { content: { "application/json": { schema: createRefundBodySchema } }, required: true },
  },
  responses: {
    201: {
      description: "Refund recorded",
      content: { "application/json": { schema: refundSchema } },
    },
    200: {
      description: "This external_refund_id was applied before; nothing changed",
      content: { "application/json": { schema: refundSchema } },
    },
    ...errorResponses(400, 401, 404, 413, 503),
  },
});

/** A refund the conversion cannot take: the caller's input to fix, so VALIDATION_ERROR. */
function refundRefused(
  conversionId: string,
  requested: number,
  externalRefundId: string | undefined,
  outcome: Extract<
    RefundOutcome,
    { kind: "invalid_amount" | "exceeds_refundable" | "refund_id_taken" }
  >,
): ApiError {
  switch (outcome.kind) {
    case "invalid_amount":
      return new ApiError(
        "VALIDATION_ERROR",
        "amount_cents must be a whole number of cents above 0.",
        {
          details: { fields: { amount_cents: "must be greater than 0" } },
        },
      );
    case "refund_id_taken":
      return new ApiError(
        "VALIDATION_ERROR",
        `external_refund_id ${externalRefundId} was already used for ${outcome.conversionId}; each refund id belongs to one conversion.`,
        {
          details: {
            fields: { external_refund_id: `already used for ${outcome.conversionId}` },
            conversion_id: outcome.conversionId,
          },
        },
      );
    case "exceeds_refundable": {
      const refundable = outcome.refundableCents;
      const message =
        refundable === 0
          ? `Conversion ${conversionId} has already been refunded in full; nothing remains to refund.`
          : `A refund of ${requested} cents exceeds what remains refundable on ${conversionId}: ${refundable} of ${outcome.amountCents} cents. Refund at most ${refundable}.`;
      return new ApiError("VALIDATION_ERROR", message, {
        details: {
          fields: { amount_cents: `must be at most ${refundable} (the amount not yet refunded)` },
          refundable_cents: refundable,
          refunded_amount_cents: outcome.refundedCents,
          amount_cents: outcome.amountCents,
        },
      });
    }
  }
}

export function registerCreateRefund(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const body = await readJson(c, createRefundBodySchema);
    const auth = c.get("auth");
    const outcome = await refundConversion(
      c.get("services"),
      { merchantId: auth.merchant.id, mode: auth.mode, requestId: c.get("requestId") },
      {
        conversionId: id,
        amountCents: body.amount_cents,
        ...(body.external_refund_id ? { externalRefundId: body.external_refund_id } : {}),
      },
    );
    switch (outcome.kind) {
      case "refunded":
      case "already_applied":
        return c.json(
          presentRefund(outcome.refund, outcome.conversion, outcome.commission),
          outcome.kind === "refunded" ? 201 : 200,
        );
      case "not_found":
        throw notFoundInMode("conversion", id, auth.mode, "/api/v1/conversions");
      default:
        throw refundRefused(id, body.amount_cents, body.external_refund_id, outcome);
    }
  });
}

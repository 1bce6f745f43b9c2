import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../contract/schemas/common";
import { createRefundBodySchema, refundSchema } from "../contract/schemas/conversions";
import { idParams } from "../contract/schemas/params";
import { presentRefund } from "../conversions/present";
import { refundConversion } from "../conversions/refund";
import { requireSecretKey } from "../http/auth";
import { readJson, validate } from "../http/body";
import { type App, mount } from "../http/route";

const params = idParams("conv");

export const route = createRoute({
  method: "post",
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

export function registerCreateRefund(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const body = await readJson(c, createRefundBodySchema);
    const auth = c.get("auth");
    const result = await refundConversion(
      c.get("services"),
      { merchantId: auth.merchant.id, mode: auth.mode, requestId: c.get("requestId") },
      {
        conversionId: id,
        amountCents: body.amount_cents,
        ...(body.external_refund_id ? { externalRefundId: body.external_refund_id } : {}),
      },
    );
    return c.json(
      presentRefund(result.refund, result.conversion, result.commission),
      result.created ? 201 : 200,
    );
  });
}

import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses } from "../../contract/schemas/common";
import { webhookParamsSchema, webhookReceivedSchema } from "../../contract/schemas/stripe";
import { readBodyText, validate } from "../../http/body";
import { requestHeader } from "../../http/request-headers";
import { type App, mount } from "../../http/route";
import { type ReceiveOutcome, receiveStripeEvent } from "../../stripe/receive";
import { recordSignatureFailure } from "../../stripe/signature-failures";
import { SIGNATURE_TOLERANCE_SECONDS } from "../../stripe/verify";

/** Stripe's payloads (a session with its line items, an invoice) outgrow the API's 16 KiB. */
export const STRIPE_BODY_LIMIT = 256 * 1024;

export const route = createRoute({
  method: "post",
  operationId: "receiveStripeWebhook",
  path: "/api/v1/webhooks/stripe/{merchant_id}",
  tags: ["Stripe"],
  summary: "Receive Stripe events (called by Stripe)",
  description:
    "Enter this URL as a webhook endpoint in Stripe, once per mode, and send its signing secret with PUT /api/v1/integrations/stripe. Events: checkout.session.completed, checkout.session.async_payment_succeeded, invoice.paid, invoice_payment.paid, charge.refunded, charge.dispute.created, charge.dispute.closed; other types are acknowledged and ignored. The Stripe-Signature header is verified against the raw body, dated at most 5 minutes before or after the server's clock, and the event's livemode must match the mode of the secret that signed it. An event id received before answers 200 with `duplicate: true` and does nothing again — unless it was only kept (`pending`) or given up (`expired`): then it is processed again. Stripe does not promise order: an event that refers to what has not arrived yet (a refund, dispute or renewal before its Checkout Session; a subscription's session before the invoice that carries its subscription's click id) is answered `outcome: pending`, kept, and applied when that arrives (or given up after STRIPE_PENDING_MAX_AGE_HOURS, with an audit entry either way). A signed event whose payload breaks the API's input rules (ids, amounts, currency codes) is answered 200 with `outcome: ignored` and the reason in the audit log; nothing is recorded. docs/stripe.md describes each event's handling.",
  request: { params: webhookParamsSchema },
  responses: {
    200: {
      description: "Received (also for duplicates, ignored event types and refused payloads)",
      content: { "application/json": { schema: webhookReceivedSchema } },
    },
    ...errorResponses(400, 413, 503),
  },
});

function signatureError(reason: string, message: string): ApiError {
  return new ApiError("WEBHOOK_SIGNATURE_INVALID", message, { details: { reason } });
}

const MINUTES = SIGNATURE_TOLERANCE_SECONDS / 60;

/** Each refusal as the caller should read it. */
function refusalError(refused: Extract<ReceiveOutcome, { kind: "refused" }>): ApiError {
  switch (refused.refusal) {
    case "missing_header":
      return signatureError(
        "missing_header",
        "The Stripe-Signature header is missing. Only Stripe's own deliveries are accepted here; forward the request unchanged if it passes through a proxy.",
      );
    case "malformed_header":
      return signatureError(
        "malformed_header",
        "The Stripe-Signature header is malformed (expected t=…,v1=…). Forward Stripe's header unchanged.",
      );
    // One answer whether the merchant is unknown, has no secret or has another one.
    case "no_matching_signature":
      return signatureError(
        "no_matching_signature",
        "No signature matches a Stripe signing secret of this endpoint. Check that the endpoint URL names your merchant id, that its whsec_… is set with PUT /api/v1/integrations/stripe using the secret key of the same mode, and that the body reaches us unmodified.",
      );
    case "stale_timestamp":
      return signatureError(
        "stale_timestamp",
        `The signature's timestamp is more than ${MINUTES} minutes old. Stripe retries with a fresh signature; check this server's clock if every delivery fails this way.`,
      );
    case "future_timestamp":
      return signatureError(
        "future_timestamp",
        `The signature's timestamp is more than ${MINUTES} minutes in the future. Check this server's clock (NTP) if Stripe's deliveries fail this way.`,
      );
    case "livemode_mismatch":
      return signatureError(
        "livemode_mismatch",
        `This event has livemode=${refused.livemode} but was signed with your ${refused.signedWith} signing secret. Set each Stripe endpoint's secret with the secret key of the same mode (sk_test_… for test mode, sk_live_… for live mode).`,
      );
    case "not_json":
      return new ApiError("INVALID_JSON", "The signed payload is not JSON; nothing was recorded.");
    case "not_an_event":
      return new ApiError(
        "VALIDATION_ERROR",
        "The payload is not a Stripe event (expected id, type, livemode, created and data.object). Point only Stripe's webhook deliveries at this endpoint.",
        { details: { fields: { "(body)": "must be a Stripe event object" } } },
      );
  }
}

export function registerStripeWebhook(app: App): void {
  mount(app, route, async (c) => {
    const services = c.get("services");
    // The API's rules for a path segment (no control characters: PostgreSQL cannot even compare
    // a NUL byte), before the id reaches the signing secrets' or the refusals' queries.
    const { merchant_id: merchantId } = validate(webhookParamsSchema, c.req.param(), "path");
    const delivery = {
      merchantId,
      requestId: c.get("requestId"),
      raw: await readBodyText(c, STRIPE_BODY_LIMIT),
      signature: requestHeader(c, "stripe-signature"),
    };
    const outcome = await receiveStripeEvent(services, delivery);
    if (outcome.kind === "refused") {
      const error = refusalError(outcome);
      // Shown in Settings › Stripe: the merchant's own view of why Stripe's deliveries fail.
      if (error.code === "WEBHOOK_SIGNATURE_INVALID") {
        await recordSignatureFailure(services, {
          ...delivery,
          reason: outcome.refusal,
          message: error.message,
        });
      }
      throw error;
    }
    const { kind: _, ...received } = outcome;
    return c.json({ received: true as const, ...received }, 200);
  });
}

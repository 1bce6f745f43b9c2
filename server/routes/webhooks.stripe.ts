import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../contract/errors";
import { errorResponses } from "../contract/schemas/common";
import { webhookParamsSchema, webhookReceivedSchema } from "../contract/schemas/stripe";
import { readBodyText } from "../http/body";
import { type App, mount } from "../http/route";
import { handleStripeEvent } from "../stripe/handle";
import { loadWebhookSecrets } from "../stripe/integrations";
import { recordSignatureFailure } from "../stripe/signature-failures";
import { type Verification, verifyStripeWebhook } from "../stripe/verify";

/** Stripe's payloads (a session with its line items, an invoice) outgrow the API's 16 KiB. */
export const STRIPE_BODY_LIMIT = 256 * 1024;

const MERCHANT_ID = /^mer_[A-Za-z0-9]{1,64}$/;

export const route = createRoute({
  method: "post",
  path: "/api/v1/webhooks/stripe/{merchant_id}",
  tags: ["Stripe"],
  summary: "Receive Stripe events (called by Stripe)",
  description:
    "Enter this URL as a webhook endpoint in Stripe, once per mode, and send its signing secret with PUT /api/v1/integrations/stripe. Events: checkout.session.completed, checkout.session.async_payment_succeeded, invoice.paid, invoice_payment.paid, charge.refunded; other types are acknowledged and ignored. The Stripe-Signature header is verified against the raw body with a 5-minute tolerance, and the event's livemode must match the mode of the secret that signed it. An event id received before answers 200 with `duplicate: true` and does nothing again.",
  request: { params: webhookParamsSchema },
  responses: {
    200: {
      description: "Received (also for duplicates and ignored event types)",
      content: { "application/json": { schema: webhookReceivedSchema } },
    },
    ...errorResponses(400, 413, 503),
  },
});

export function registerStripeWebhook(app: App): void {
  mount(app, route, async (c) => {
    const services = c.get("services");
    const raw = await readBodyText(c, STRIPE_BODY_LIMIT);
    const merchantId = c.req.param("merchant_id") ?? "";
    // An unknown merchant has no secrets: refused exactly like a merchant without a setup.
    const secrets = MERCHANT_ID.test(merchantId)
      ? await loadWebhookSecrets(services.store.db, merchantId)
      : {};
    let verification: Verification;
    try {
      verification = verifyStripeWebhook(
        raw,
        c.req.header("stripe-signature"),
        secrets,
        services.clock.now().getTime(),
      );
    } catch (error) {
      // Shown in Settings › Stripe: the merchant's own view of why Stripe's deliveries fail.
      if (error instanceof ApiError && error.code === "WEBHOOK_SIGNATURE_INVALID") {
        await recordSignatureFailure(services.store.db, services.clock, {
          merchantId,
          requestId: c.get("requestId"),
          reason: String(error.details?.reason ?? "unknown"),
          message: error.message,
          raw,
        });
      }
      throw error;
    }
    const result = await handleStripeEvent(
      services,
      { merchantId, requestId: c.get("requestId") },
      verification,
    );
    return c.json({ received: true as const, ...result }, 200);
  });
}

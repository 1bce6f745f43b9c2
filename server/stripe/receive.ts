// A Stripe delivery, from its raw bytes to what was done: verify the signature with the
// merchant's secrets (verify.ts), claim the event id so it is acted on once (claims.ts), then
// act on it (processing.ts: its type's handler, then the kept events it lets proceed). Every
// decision lands in the audit log with the event id and the request id. The route
// (routes/stripe/webhook.ts) turns the outcome into HTTP.
import type { WebhookOutcome } from "../contract/schemas/stripe";
import { isMerchantId } from "../merchants/find";
import type { Services } from "../services";
import { merchantScoped } from "../store/tenant";
import { claimEvent } from "./claims";
import { isHandledEventType } from "./dispatch";
import { auditEvent, type EventScope } from "./event-context";
import { loadWebhookSecrets } from "./integrations";
import { processClaimed } from "./processing";
import { type Refusal, verifyStripeWebhook, type WebhookSecrets } from "./verify";

interface Delivery {
  /** As it appears in the endpoint's path: not trusted until a signature matches. */
  merchantId: string;
  requestId: string;
  raw: string;
  signature: string | undefined;
}

export type ReceiveOutcome =
  | { kind: "refused"; refusal: Refusal; livemode?: boolean; signedWith?: string }
  | {
      kind: "received";
      /** The event id was received before: nothing was done again. */
      duplicate: boolean;
      outcome: WebhookOutcome;
      reason?: string;
      conversion_id?: string;
    };

export async function receiveStripeEvent(
  services: Pick<Services, "store" | "clock" | "metrics" | "logger">,
  delivery: Delivery,
): Promise<ReceiveOutcome> {
  const tenant = merchantScoped(services.store.db, delivery.merchantId);
  // An id that is no merchant id has no secrets, exactly like an unknown merchant.
  const secrets: WebhookSecrets = isMerchantId(delivery.merchantId)
    ? await loadWebhookSecrets(tenant)
    : {};
  const verified = verifyStripeWebhook(
    delivery.raw,
    delivery.signature,
    secrets,
    services.clock.now().getTime(),
  );
  if (!verified.ok) {
    const { ok: _, ...refused } = verified;
    return { kind: "refused", ...refused };
  }
  const { event, mode } = verified;
  const scope: EventScope = {
    merchantId: delivery.merchantId,
    mode,
    requestId: delivery.requestId,
    event,
  };

  const claim = await claimEvent(tenant, services.clock, {
    eventId: event.id,
    mode,
    type: event.type,
    requestId: delivery.requestId,
  });
  if (!claim.claimed) {
    if (isHandledEventType(event.type)) {
      await auditEvent(services, scope, "duplicate_delivery", "EVENT_ALREADY_RECEIVED", {
        conversionId: claim.first.conversion_id,
        facts: {
          first_request_id: claim.first.request_id,
          first_received_at: claim.first.received_at,
          first_outcome: claim.first.outcome,
        },
      });
    }
    return {
      kind: "received",
      duplicate: true,
      outcome: claim.first.outcome,
      ...(claim.first.conversion_id ? { conversion_id: claim.first.conversion_id } : {}),
    };
  }

  const handled = await processClaimed(services, scope, "delivery");
  return {
    kind: "received",
    duplicate: false,
    outcome: handled.outcome,
    reason: handled.reason,
    ...(handled.conversionId ? { conversion_id: handled.conversionId } : {}),
  };
}

// A merchant's Stripe signing secrets, one per mode. Stored in clear: Stripe signs with HMAC, and
// checking an HMAC needs the secret itself. They never leave the server unmasked.
import { type Mode, maskKey } from "../contract/key-format";
import type { StripeIntegrationObject } from "../contract/schemas/stripe";
import { type Clock, toIso } from "../lib/clock";
import type { MerchantQueries } from "../store/tenant";
import { HANDLED_EVENT_TYPES } from "./dispatch";
import type { WebhookSecrets } from "./verify";

/** Both modes' secrets; none for a merchant that does not exist. */
export async function loadWebhookSecrets(tenant: MerchantQueries): Promise<WebhookSecrets> {
  const rows = await tenant
    .selectFrom("stripe_integrations")
    .select(["mode", "webhook_secret"])
    .execute();
  const secrets: WebhookSecrets = {};
  for (const row of rows) secrets[row.mode] = row.webhook_secret;
  return secrets;
}

export async function saveWebhookSecret(
  tenant: MerchantQueries,
  clock: Clock,
  mode: Mode,
  secret: string,
): Promise<void> {
  const now = toIso(clock.now());
  await tenant
    .insertInto("stripe_integrations", {
      mode,
      webhook_secret: secret,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["merchant_id", "mode"]).doUpdateSet({ webhook_secret: secret, updated_at: now }),
    )
    .execute();
}

export async function describeIntegration(
  tenant: MerchantQueries,
  mode: Mode,
  base: string,
): Promise<StripeIntegrationObject> {
  const merchantId = tenant.scope.merchantId;
  const row = await tenant
    .selectFrom("stripe_integrations")
    .select(["webhook_secret", "updated_at"])
    .where("mode", "=", mode)
    .executeTakeFirst();
  return {
    object: "stripe_integration",
    mode,
    webhook_url: `${base}/api/v1/webhooks/stripe/${merchantId}`,
    webhook_secret: row ? maskKey(row.webhook_secret) : null,
    updated_at: row?.updated_at ?? null,
    events: [...HANDLED_EVENT_TYPES],
  };
}

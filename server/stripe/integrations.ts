// A merchant's Stripe signing secrets, one per mode. Stored in clear: Stripe signs with HMAC, and
// checking an HMAC needs the secret itself. They never leave the server unmasked.
import type { Kysely } from "kysely";
import { type Mode, maskKey } from "../contract/key-format";
import type { StripeIntegrationObject } from "../contract/schemas/stripe";
import { type Clock, toIso } from "../lib/clock";
import type { Database } from "../store/schema";
import { HANDLED_EVENT_TYPES } from "./parse";
import type { WebhookSecrets } from "./verify";

export async function loadWebhookSecrets(
  db: Kysely<Database>,
  merchantId: string,
): Promise<WebhookSecrets> {
  const rows = await db
    .selectFrom("stripe_integrations")
    .select(["mode", "webhook_secret"])
    .where("merchant_id", "=", merchantId)
    .execute();
  const secrets: WebhookSecrets = {};
  for (const row of rows) secrets[row.mode] = row.webhook_secret;
  return secrets;
}

export async function saveWebhookSecret(
  db: Kysely<Database>,
  clock: Clock,
  merchantId: string,
  mode: Mode,
  secret: string,
): Promise<void> {
  const now = toIso(clock.now());
  await db
    .insertInto("stripe_integrations")
    .values({
      merchant_id: merchantId,
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
  db: Kysely<Database>,
  merchantId: string,
  mode: Mode,
  base: string,
): Promise<StripeIntegrationObject> {
  const row = await db
    .selectFrom("stripe_integrations")
    .select(["webhook_secret", "updated_at"])
    .where("merchant_id", "=", merchantId)
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

// Registering a webhook endpoint: its signing secret is made here, stored (signing needs it) and
// answered once.
import type { WebhookEventType } from "../contract/webhook-events";
import { type Clock, toIso } from "../lib/clock";
import { newId, randomBase62 } from "../lib/ids";
import type { WebhookEndpoint } from "../store/schema";
import type { ModeQueries } from "../store/tenant";
import { insertEndpoint } from "./repository";

export async function createEndpoint(
  tenant: ModeQueries,
  clock: Clock,
  input: { url: string; events: WebhookEventType[]; description?: string | undefined },
): Promise<WebhookEndpoint> {
  const now = toIso(clock.now());
  const row: WebhookEndpoint = {
    id: newId("we"),
    merchant_id: tenant.scope.merchantId,
    mode: tenant.scope.mode,
    url: input.url,
    events: JSON.stringify(input.events),
    description: input.description ?? null,
    secret: `whsec_${randomBase62(32)}`,
    disabled: 0,
    created_at: now,
    updated_at: now,
  };
  await insertEndpoint(tenant, row);
  return row;
}

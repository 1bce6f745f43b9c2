// The webhook backlog in /metrics: changes waiting to be fanned out and deliveries not yet done
// (waiting for a retry, or in flight). While requests queue, deliveries yield (webhooks/pacing.ts):
// a backlog that grows and does not come back down means the server never lets up.
import { Gauge, type Registry } from "prom-client";
import type { Store } from "../store/connect";
import { webhookBacklog } from "../store/cross-tenant";

export function registerWebhookMetrics(registry: Registry, store: Pick<Store, "reader">): void {
  // One count for both gauges per scrape: the first to collect reads, the other reuses it.
  let backlog: Promise<{ changes: number; deliveries: number }> | undefined;
  const read = () => {
    backlog ??= webhookBacklog(store.reader).finally(() => {
      setImmediate(() => {
        backlog = undefined;
      });
    });
    return backlog;
  };
  new Gauge({
    name: "selgeo_webhook_outbox_changes",
    help: "Changes written to the webhook outbox and not yet turned into deliveries.",
    registers: [registry],
    async collect() {
      this.set((await read()).changes);
    },
  });
  new Gauge({
    name: "selgeo_webhook_pending_deliveries",
    help: "Webhook deliveries not yet delivered or failed: being sent, or waiting for a retry.",
    registers: [registry],
    async collect() {
      this.set((await read()).deliveries);
    },
  });
}

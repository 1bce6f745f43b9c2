// A partner's change, and its `partner.updated` event for the webhook endpoints of the mode of
// the key that made it, in one transaction (partners are shared by both modes; the event belongs
// to the mode the change was made in, so test-mode work never reaches live endpoints).
import type { Mode } from "../contract/key-format";
import type { Services } from "../services";
import type { Partner } from "../store/schema";
import { merchantScoped, scoped } from "../store/tenant";
import { emitWebhookEvents } from "../webhooks/outbox";
import { presentPartner } from "./present";
import { type PartnerChanges, updatePartner } from "./repository";

export function updatePartnerReported(
  services: Pick<Services, "store" | "clock">,
  scope: { merchantId: string; mode: Mode },
  id: string,
  changes: PartnerChanges,
): Promise<Partner | undefined> {
  return services.store.db.transaction().execute(async (trx) => {
    const partner = await updatePartner(
      merchantScoped(trx, scope.merchantId),
      services.clock,
      id,
      changes,
    );
    if (partner) {
      await emitWebhookEvents(scoped(trx, scope), services.clock, [
        { type: "partner.updated", object: presentPartner(partner) },
      ]);
    }
    return partner;
  });
}

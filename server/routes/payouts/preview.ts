import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { payoutPreviewSchema } from "../../contract/schemas/payouts";
import { requireSecretKey } from "../../http/auth";
import { type App, mount } from "../../http/route";
import { toIso } from "../../lib/clock";
import { previewPayouts } from "../../payouts/preview";

export const route = createRoute({
  method: "get",
  operationId: "previewPayout",
  path: "/api/v1/payouts/preview",
  tags: ["Payouts"],
  summary: "What is due, per partner and currency",
  description:
    "Commissions whose hold period has ended (`due`, less what refunds reversed) and carried negative adjustments (refunds after an earlier payout), summed per partner and currency, in the key's mode. Commissions whose hold ended a moment ago are moved to `due` first (with their audit entries), so the figures are exact. A line is `payable` when its commissions outweigh its adjustments.",
  security: secretSecurity,
  responses: {
    200: {
      description: "What is due",
      content: { "application/json": { schema: payoutPreviewSchema } },
    },
    ...errorResponses(401, 503),
  },
});

export function registerPreviewPayouts(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const auth = c.get("auth");
    const services = c.get("services");
    const asOf = toIso(services.clock.now());
    const data = await previewPayouts(services, {
      merchantId: auth.merchant.id,
      mode: auth.mode,
      requestId: c.get("requestId"),
    });
    return c.json({ object: "payout_preview" as const, mode: auth.mode, as_of: asOf, data }, 200);
  });
}

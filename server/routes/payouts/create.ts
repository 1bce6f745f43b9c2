import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { createPayoutBodySchema, payoutSchema } from "../../contract/schemas/payouts";
import { requireSecretKey } from "../../http/auth";
import { readJson } from "../../http/body";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { createPayout } from "../../payouts/create";
import { presentPayout } from "../../payouts/present";

export const route = createRoute({
  method: "post",
  operationId: "createPayout",
  path: "/api/v1/payouts",
  tags: ["Payouts"],
  summary: "Mark commissions paid",
  description:
    "Records that you paid partners: every due commission (or exactly `commission_ids`, or only `partner_ids`') becomes `paid` with this payout, paying its amount less what refunds reversed, and the partners' carried negative adjustments are settled by it. A partner and currency whose adjustments outweigh their commissions is left out and carried. One audit entry per commission and adjustment. The `reference` makes it idempotent: the same reference again, also from two racing requests, answers the one payout (200).",
  security: secretSecurity,
  request: {
    body: { content: { "application/json": { schema: createPayoutBodySchema } }, required: true },
  },
  responses: {
    201: {
      description: "Payout recorded",
      content: { "application/json": { schema: payoutSchema } },
    },
    200: {
      description: "A payout with this reference exists; nothing was done now",
      content: { "application/json": { schema: payoutSchema } },
    },
    ...errorResponses(400, 401, 409, 413, 503),
  },
});

export function registerCreatePayout(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const body = await readJson(c, createPayoutBodySchema);
    const auth = c.get("auth");
    const outcome = await createPayout(
      c.get("services"),
      { merchantId: auth.merchant.id, mode: auth.mode, requestId: c.get("requestId") },
      {
        reference: body.reference,
        ...(body.commission_ids ? { commissionIds: body.commission_ids } : {}),
        ...(body.partner_ids ? { partnerIds: body.partner_ids } : {}),
      },
    );
    switch (outcome.kind) {
      case "created":
      case "existing":
        return c.json(
          await presentPayout(modeTenant(c), outcome.payout),
          outcome.kind === "created" ? 201 : 200,
        );
      case "not_due":
        throw new ApiError(
          "COMMISSION_NOT_DUE",
          `${outcome.commissionIds.length} of the commissions are not due and unpaid in ${auth.mode} mode: ${outcome.commissionIds.slice(0, 5).join(", ")}${outcome.commissionIds.length > 5 ? ", …" : ""}. Nothing was paid; leave them out (GET /api/v1/payouts/preview shows what is due).`,
          { details: { commission_ids: outcome.commissionIds } },
        );
      case "nothing_to_pay":
        throw new ApiError(
          "NOTHING_TO_PAY",
          outcome.carried.length === 0
            ? "No commission is due for this payout; GET /api/v1/payouts/preview shows what is due."
            : "Carried adjustments (refunds after an earlier payout) outweigh what is due; everything is carried to a later payout.",
          { details: { carried: outcome.carried } },
        );
    }
  });
}

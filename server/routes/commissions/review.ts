import { createRoute } from "@hono/zod-openapi";
import { presentCommission } from "../../commissions/present";
import { ApiError } from "../../contract/errors";
import { commissionSchema } from "../../contract/schemas/commissions";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { reviewFraudHold } from "../../fraud/review";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { notFoundInMode } from "../../http/not-found";
import { type App, mount } from "../../http/route";

const params = idParams("com");

function reviewRoute(verdict: "release" | "reject") {
  return createRoute({
    method: "post",
    operationId: verdict === "release" ? "releaseCommission" : "rejectCommission",
    path: `/api/v1/commissions/{id}/${verdict}`,
    tags: ["Commissions"],
    summary:
      verdict === "release"
        ? "Release a commission held for fraud signals"
        : "Reject a commission held for fraud signals",
    description:
      verdict === "release"
        ? "The commission returns to the status it had (and is `due` at once when its hold period has passed). An audit entry records the review. docs/fraud.md."
        : "The commission is reversed in full (`reversed`, a `commission.reversed` event). An audit entry records the review. docs/fraud.md.",
    security: secretSecurity,
    request: { params },
    responses: {
      200: {
        description: "Reviewed",
        content: { "application/json": { schema: commissionSchema } },
      },
      ...errorResponses(401, 404, 409, 503),
    },
  });
}

export function registerReviewCommission(app: App): void {
  for (const verdict of ["release", "reject"] as const) {
    mount(app, reviewRoute(verdict), requireSecretKey(), async (c) => {
      const { id } = validate(params, c.req.param(), "path");
      const auth = c.get("auth");
      const outcome = await reviewFraudHold(
        c.get("services"),
        { merchantId: auth.merchant.id, mode: auth.mode, requestId: c.get("requestId") },
        id,
        verdict,
      );
      switch (outcome.kind) {
        case "reviewed":
          return c.json(presentCommission(outcome.commission), 200);
        case "not_found":
          throw notFoundInMode("commission", id, auth.mode, "/api/v1/commissions");
        case "not_held":
          throw new ApiError(
            "COMMISSION_NOT_HELD",
            outcome.commission.status === "held"
              ? `Commission ${id} is held by Stripe dispute ${outcome.commission.held_by}; the dispute's outcome releases or reverses it.`
              : `Commission ${id} is ${outcome.commission.status}, not held for fraud signals; there is nothing to ${verdict}.`,
            {
              details: {
                status: outcome.commission.status,
                held_by: outcome.commission.held_by,
              },
            },
          );
      }
    });
  }
}

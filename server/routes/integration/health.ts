import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import {
  DEFAULT_HEALTH_DAYS,
  healthQuerySchema,
  integrationHealthSchema,
} from "../../contract/schemas/health";
import { healthPeriod } from "../../health/period";
import { integrationHealth } from "../../health/report";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";

export const route = createRoute({
  method: "get",
  operationId: "getIntegrationHealth",
  path: "/api/v1/integration/health",
  tags: ["Integration"],
  summary: "Integration health: what the browser cannot see",
  description: `The server's side of a diagnosis, from the merchant's own data in one mode and period (default the last ${DEFAULT_HEALTH_DAYS} days): clicks per page origin, conversions per attribution reason with CLICK_ID_MISSING split by source, click requests refused (429 RATE_LIMITED, 403 ORIGIN_NOT_ALLOWED) per publishable key and origin, and the Stripe webhook's last event and refused deliveries. Each problem is a finding in the DevTools extension's shape (the troubleshooting guide's section and symptom, cause, fix, evidence with ids), worst first. Answered from daily aggregates, so its cost does not grow with the number of clicks; counts are per UTC day, and click-path counts are written every few seconds. \`selgeo doctor --merchant\` prints the same.`,
  security: secretSecurity,
  request: { query: healthQuerySchema },
  responses: {
    200: {
      description: "The report",
      content: { "application/json": { schema: integrationHealthSchema } },
    },
    ...errorResponses(400, 401, 503),
  },
});

export function registerIntegrationHealth(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const query = readQuery(c, healthQuerySchema);
    const services = c.get("services");
    const { merchant, mode } = c.get("auth");
    // Test and live data never mix: a caller reports on its own mode only.
    if (query.mode !== undefined && query.mode !== mode) {
      throw new ApiError(
        "VALIDATION_ERROR",
        `mode ${query.mode} is not this caller's: use a ${query.mode}-mode secret key (sk_${query.mode}_…), or the dashboard in ${query.mode} mode.`,
        { details: { fields: { mode: `must be ${mode} for this caller` } } },
      );
    }
    const period = healthPeriod(services.clock.now(), query["created[gte]"], query["created[lt]"]);
    if (typeof period === "string") {
      throw new ApiError("VALIDATION_ERROR", period, {
        details: { fields: { "created[gte]": period } },
      });
    }
    // This process's click-path counts are written first, so the report includes them.
    await services.healthCounter.flush();
    return c.json(await integrationHealth(services.store.db, merchant.id, mode, period), 200);
  });
}

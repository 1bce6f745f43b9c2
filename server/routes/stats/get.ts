import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { MAX_STATS_DAYS, statsQuerySchema, statsSchema } from "../../contract/schemas/stats";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { DAY_MS } from "../../lib/clock";
import { readReasons, readStats } from "../../stats/query";
import { summariseStats } from "../../stats/summarise";

export const route = createRoute({
  method: "get",
  operationId: "getStats",
  path: "/api/v1/stats",
  tags: ["Stats"],
  summary: "Daily figures",
  description: `Clicks, conversions, attributed conversions and commissions (per currency) for each UTC day from \`from\` to \`to\` (inclusive, at most ${MAX_STATS_DAYS} days; default the last 30), in the caller's mode, optionally for one partner; with totals, the top partners and the conversions of each attribution reason. Answered from daily aggregates kept with every write, so its cost does not grow with the number of clicks. A refund's reversal counts on the day of the refund.`,
  security: secretSecurity,
  request: { query: statsQuerySchema },
  responses: {
    200: { description: "The figures", content: { "application/json": { schema: statsSchema } } },
    ...errorResponses(400, 401, 503),
  },
});

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function registerGetStats(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const query = readQuery(c, statsQuerySchema);
    const { clock } = c.get("services");
    const { mode } = c.get("auth");
    const to = query.to ?? dateOf(clock.now().getTime());
    const from = query.from ?? dateOf(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS);
    const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
    if (span < 1 || span > MAX_STATS_DAYS) {
      throw new ApiError(
        "VALIDATION_ERROR",
        `from must be on or before to, and the range at most ${MAX_STATS_DAYS} days; got ${from} to ${to}.`,
        { details: { fields: { from: `must be 0–${MAX_STATS_DAYS - 1} days before to` } } },
      );
    }
    const tenant = modeTenant(c);
    const range = { from, to, partnerId: query.partner_id };
    const [rows, reasons] = await Promise.all([
      readStats(tenant, range),
      readReasons(tenant, range),
    ]);
    return c.json(
      summariseStats({ mode, from, to, partnerId: query.partner_id, rows, reasons }),
      200,
    );
  });
}

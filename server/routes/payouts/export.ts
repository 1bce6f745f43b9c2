import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, listQuerySchema, secretSecurity } from "../../contract/schemas/common";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { csvResponse } from "../../http/csv";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { PAYOUT_COLUMNS, payoutRows } from "../../payouts/export";

const query = listQuerySchema.pick({ "created[gte]": true, "created[lt]": true });

export const route = createRoute({
  method: "get",
  operationId: "exportPayouts",
  path: "/api/v1/payouts/export",
  tags: ["Payouts"],
  summary: "Export payouts as CSV",
  description: `One line per item each payout paid, newest payout first: ${PAYOUT_COLUMNS.map((c) => `\`${c}\``).join(", ")}. \`item\` is \`commission\` or \`adjustment\` (negative: a refund after an earlier payout). Optionally limited to payouts made in a time range.`,
  security: secretSecurity,
  request: { query },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    ...errorResponses(400, 401, 503),
  },
});

export function registerExportPayouts(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const range = readQuery(c, query);
    const mode = c.get("auth").mode;
    return csvResponse(c, `payouts-${mode}.csv`, PAYOUT_COLUMNS, payoutRows(modeTenant(c), range));
  });
}

import { createRoute, z } from "@hono/zod-openapi";
import { listCommissionsQuerySchema } from "../../contract/schemas/commissions";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { csvResponse } from "../../http/csv";
import { type App, mount } from "../../http/route";
import { modeTenant } from "../../http/tenant";
import { COMMISSION_COLUMNS, commissionRows } from "../../payouts/export";

const query = listCommissionsQuerySchema.pick({
  status: true,
  partner_id: true,
  "created[gte]": true,
  "created[lt]": true,
});

export const route = createRoute({
  method: "get",
  operationId: "exportCommissions",
  path: "/api/v1/commissions/export",
  tags: ["Commissions"],
  summary: "Export commissions as CSV",
  description: `Every commission of the key's mode, newest first, filtered like the list: ${COMMISSION_COLUMNS.map((c) => `\`${c}\``).join(", ")}.`,
  security: secretSecurity,
  request: { query },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    ...errorResponses(400, 401, 503),
  },
});

export function registerExportCommissions(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const filters = readQuery(c, query);
    const mode = c.get("auth").mode;
    return csvResponse(
      c,
      `commissions-${mode}.csv`,
      COMMISSION_COLUMNS,
      commissionRows(modeTenant(c), filters),
    );
  });
}

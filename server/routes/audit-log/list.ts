import { createRoute } from "@hono/zod-openapi";
import { presentAuditEntry } from "../../audit/present";
import { listAuditEntries } from "../../audit/repository";
import { auditListSchema, listAuditQuerySchema } from "../../contract/schemas/audit";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { requireSecretKey } from "../../http/auth";
import { readQuery } from "../../http/body";
import { type App, mount } from "../../http/route";
import { modeReader } from "../../http/tenant";

export const route = createRoute({
  method: "get",
  operationId: "listAuditLog",
  path: "/api/v1/audit-log",
  tags: ["Audit log"],
  summary: "Read the Attribution Audit Log",
  description:
    "Every attribution decision of the key's mode: when, which request, the subject, the decision, the reason and the facts it used. Look one up by `click_id`, `conversion_id`, `request_id` (the X-Request-Id of the call) or `external_transaction_id`; given together, all must match. Newest first.",
  security: secretSecurity,
  request: { query: listAuditQuerySchema },
  responses: {
    200: { description: "A page", content: { "application/json": { schema: auditListSchema } } },
    ...errorResponses(400, 401, 503),
  },
});

export function registerListAuditLog(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { click_id, conversion_id, request_id, external_transaction_id, ...page } = readQuery(
      c,
      listAuditQuerySchema,
    );
    const result = await listAuditEntries(modeReader(c), page, {
      click_id,
      conversion_id,
      request_id,
      external_transaction_id,
    });
    return c.json({ data: result.data.map(presentAuditEntry), has_more: result.has_more }, 200);
  });
}

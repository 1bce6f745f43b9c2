import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { partnerSchema, updatePartnerBodySchema } from "../../contract/schemas/partners";
import { auditChanges } from "../../http/audit-changes";
import { requireSecretKey } from "../../http/auth";
import { readJson, validate } from "../../http/body";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { presentPartner } from "../../partners/present";
import { updatePartnerReported } from "../../partners/update";
import { findProgram } from "../../programs/repository";
import { isUniqueViolation } from "../../store/errors";
import { partnerNotFound, refTaken, unknownProgramField } from "./errors";

const params = idParams("prt");

export const route = createRoute({
  method: "patch",
  operationId: "updatePartner",
  path: "/api/v1/partners/{id}",
  tags: ["Partners"],
  summary: "Update a partner",
  description:
    "Send only the fields to change. Approve, reject or suspend with `status`; any status may follow any other. A new `ref` must be unused; links with the old ref stop matching. `email: null` removes the email, `stripe_customer_id: null` the Stripe customer.",
  security: secretSecurity,
  request: {
    params,
    body: { content: { "application/json": { schema: updatePartnerBodySchema } }, required: true },
  },
  responses: {
    200: { description: "Updated", content: { "application/json": { schema: partnerSchema } } },
    ...errorResponses(400, 401, 404, 413, 503),
  },
});

export function registerUpdatePartner(app: App): void {
  mount(app, route, requireSecretKey(), auditChanges("partner"), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const changes = await readJson(c, updatePartnerBodySchema);
    const tenant = merchantTenant(c);
    if (changes.program_id !== undefined && !(await findProgram(tenant, changes.program_id))) {
      throw unknownProgramField(changes.program_id);
    }
    try {
      const auth = c.get("auth");
      const partner = await updatePartnerReported(
        c.get("services"),
        { merchantId: auth.merchant.id, mode: auth.mode },
        id,
        changes,
      );
      if (!partner) throw partnerNotFound(id);
      return c.json(presentPartner(partner), 200);
    } catch (error) {
      if (changes.ref !== undefined && isUniqueViolation(error)) throw refTaken(changes.ref);
      throw error;
    }
  });
}

import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { createPartnerBodySchema, partnerSchema } from "../../contract/schemas/partners";
import { auditChanges } from "../../http/audit-changes";
import { requireSecretKey } from "../../http/auth";
import { readJson } from "../../http/body";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { presentPartner } from "../../partners/present";
import { insertPartner } from "../../partners/repository";
import { findProgram } from "../../programs/repository";
import { isUniqueViolation } from "../../store/errors";
import { refTaken, unknownProgramField } from "./errors";

export const route = createRoute({
  method: "post",
  operationId: "createPartner",
  path: "/api/v1/partners",
  tags: ["Partners"],
  summary: "Create a partner",
  description:
    "A partner shares links with `?ref=<ref>`. The ref is unique per merchant and generated when absent. New partners are `pending` unless a status is given; only `approved` partners earn commissions. Partners are shared by test and live mode. The partner's `email` and own `stripe_customer_id`, when given, are compared with each sale's customer: a match holds the commission as a self-referral (docs/fraud.md).",
  security: secretSecurity,
  request: {
    body: { content: { "application/json": { schema: createPartnerBodySchema } }, required: true },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: partnerSchema } } },
    ...errorResponses(400, 401, 413, 503),
  },
});

/** A generated ref colliding is rare; trying again a few times beats failing the request. */
const GENERATED_REF_ATTEMPTS = 3;

export function registerCreatePartner(app: App): void {
  mount(app, route, requireSecretKey(), auditChanges("partner"), async (c) => {
    const input = await readJson(c, createPartnerBodySchema);
    const tenant = merchantTenant(c);
    if (!(await findProgram(tenant, input.program_id))) {
      throw unknownProgramField(input.program_id);
    }
    const attempts = input.ref === undefined ? GENERATED_REF_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const partner = await insertPartner(tenant, c.get("services").clock, input);
        return c.json(presentPartner(partner), 201);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (input.ref !== undefined) throw refTaken(input.ref);
        if (attempt >= attempts) throw error;
      }
    }
  });
}

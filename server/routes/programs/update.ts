import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { programSchema, updateProgramBodySchema } from "../../contract/schemas/programs";
import { auditChanges } from "../../http/audit-changes";
import { requireSecretKey } from "../../http/auth";
import { readJson, validate } from "../../http/body";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { presentProgram } from "../../programs/present";
import { updateProgram } from "../../programs/repository";
import { programNotFound } from "./get";

const params = idParams("prg");

export const route = createRoute({
  method: "patch",
  operationId: "updateProgram",
  path: "/api/v1/programs/{id}",
  tags: ["Programs"],
  summary: "Update a program",
  description:
    "Send only the fields to change; `commission` is replaced as a whole. Changes apply to conversions reported from now on; existing commissions keep their amounts.",
  security: secretSecurity,
  request: {
    params,
    body: { content: { "application/json": { schema: updateProgramBodySchema } }, required: true },
  },
  responses: {
    200: { description: "Updated", content: { "application/json": { schema: programSchema } } },
    ...errorResponses(400, 401, 404, 413, 503),
  },
});

export function registerUpdateProgram(app: App): void {
  mount(app, route, requireSecretKey(), auditChanges("program"), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const changes = await readJson(c, updateProgramBodySchema);
    const program = await updateProgram(merchantTenant(c), c.get("services").clock, id, changes);
    if (!program) throw programNotFound(id);
    return c.json(presentProgram(program), 200);
  });
}

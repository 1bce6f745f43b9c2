import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { createProgramBodySchema, programSchema } from "../../contract/schemas/programs";
import { auditChanges } from "../../http/audit-changes";
import { requireSecretKey } from "../../http/auth";
import { readJson } from "../../http/body";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { presentProgram } from "../../programs/present";
import { insertProgram } from "../../programs/repository";

export const route = createRoute({
  method: "post",
  operationId: "createProgram",
  path: "/api/v1/programs",
  tags: ["Programs"],
  summary: "Create a program",
  description:
    "A program sets the attribution window, the commission (percent or flat), how many months of a subscription earn commission (counted in payments, the first included), whether the first or the last click wins, and for Stripe payments: a bounty for a free (trial) sign-up and whether shipping counts towards the commission base (tax never does). Programs are shared by test and live mode.",
  security: secretSecurity,
  request: {
    body: { content: { "application/json": { schema: createProgramBodySchema } }, required: true },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: programSchema } } },
    ...errorResponses(400, 401, 413, 503),
  },
});

export function registerCreateProgram(app: App): void {
  mount(app, route, requireSecretKey(), auditChanges("program"), async (c) => {
    const input = await readJson(c, createProgramBodySchema);
    const program = await insertProgram(merchantTenant(c), c.get("services").clock, input);
    return c.json(presentProgram(program), 201);
  });
}

import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { idParams } from "../../contract/schemas/params";
import { programSchema } from "../../contract/schemas/programs";
import { requireSecretKey } from "../../http/auth";
import { validate } from "../../http/body";
import { type App, mount } from "../../http/route";
import { merchantTenant } from "../../http/tenant";
import { presentProgram } from "../../programs/present";
import { findProgram } from "../../programs/repository";

const params = idParams("prg");

export const route = createRoute({
  method: "get",
  operationId: "getProgram",
  path: "/api/v1/programs/{id}",
  tags: ["Programs"],
  summary: "Get a program",
  security: secretSecurity,
  request: { params },
  responses: {
    200: { description: "The program", content: { "application/json": { schema: programSchema } } },
    ...errorResponses(401, 404, 503),
  },
});

export function programNotFound(id: string): ApiError {
  return new ApiError(
    "NOT_FOUND",
    `No program ${id} in your account. List your programs with GET /api/v1/programs.`,
  );
}

export function registerGetProgram(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const program = await findProgram(merchantTenant(c), id);
    if (!program) throw programNotFound(id);
    return c.json(presentProgram(program), 200);
  });
}

import { createRoute } from "@hono/zod-openapi";
import { ApiError } from "../../contract/errors";
import { errorResponses } from "../../contract/schemas/common";
import { sessionSchema } from "../../contract/schemas/session";
import { type App, mount } from "../../http/route";
import { activeSession } from "../../http/session-auth";
import { readSessionCookie } from "../../http/session-cookie";
import { presentSession } from "../../sessions/present";

export const route = createRoute({
  method: "get",
  operationId: "getSession",
  path: "/api/v1/session",
  tags: ["Dashboard session"],
  summary: "The dashboard's current session",
  description:
    "Who is signed in, for which merchant, and the CSRF token the session's changes must carry. 401 SESSION_EXPIRED when nobody is.",
  security: [{ DashboardSession: [] }],
  responses: {
    200: { description: "Signed in", content: { "application/json": { schema: sessionSchema } } },
    ...errorResponses(401, 503),
  },
});

export function registerGetSession(app: App): void {
  mount(app, route, async (c) => {
    const token = readSessionCookie(c);
    if (token === undefined) {
      throw new ApiError("SESSION_EXPIRED", "Not signed in. Sign in to the dashboard first.");
    }
    return c.json(presentSession(await activeSession(c, token)), 200);
  });
}

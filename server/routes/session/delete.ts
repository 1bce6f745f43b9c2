import { createRoute } from "@hono/zod-openapi";
import { errorResponses } from "../../contract/schemas/common";
import { signedOutSchema } from "../../contract/schemas/session";
import { type App, mount } from "../../http/route";
import { activeSession, requireCsrfToken } from "../../http/session-auth";
import { clearSessionCookie, readSessionCookie } from "../../http/session-cookie";
import { endSession } from "../../sessions/repository";
import { merchantScoped } from "../../store/tenant";

export const route = createRoute({
  method: "delete",
  operationId: "signOut",
  path: "/api/v1/session",
  tags: ["Dashboard session"],
  summary: "Sign out",
  description:
    "Ends the session on the server (its cookie stops working everywhere at once) and clears the cookie. Needs X-CSRF-Token.",
  security: [{ DashboardSession: [] }],
  responses: {
    200: {
      description: "Signed out",
      content: { "application/json": { schema: signedOutSchema } },
    },
    ...errorResponses(401, 403, 503),
  },
});

export function registerSignOut(app: App): void {
  mount(app, route, async (c) => {
    const token = readSessionCookie(c);
    if (token !== undefined) {
      const active = await activeSession(c, token);
      requireCsrfToken(c, active);
      const { store, clock } = c.get("services");
      await endSession(
        merchantScoped(store.db, active.session.merchant_id),
        clock,
        active.session.id,
      );
      clearSessionCookie(c);
    }
    return c.json({ signed_out: true as const }, 200);
  });
}

import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { settingsSchema } from "../../contract/schemas/settings";
import { requireSecretKey } from "../../http/auth";
import { type App, mount } from "../../http/route";
import { presentSettings } from "../../settings/present";

export const route = createRoute({
  method: "get",
  operationId: "getSettings",
  path: "/api/v1/settings",
  tags: ["Settings"],
  summary: "Get settings",
  description: "Settings are shared by test and live mode.",
  security: secretSecurity,
  responses: {
    200: {
      description: "The settings",
      content: { "application/json": { schema: settingsSchema } },
    },
    ...errorResponses(401, 503),
  },
});

export function registerGetSettings(app: App): void {
  mount(app, route, requireSecretKey(), async (c) => {
    return c.json(presentSettings(c.get("auth").merchant), 200);
  });
}

import { createRoute } from "@hono/zod-openapi";
import { errorResponses, secretSecurity } from "../../contract/schemas/common";
import { settingsSchema, updateSettingsBodySchema } from "../../contract/schemas/settings";
import { auditChanges } from "../../http/audit-changes";
import { requireSecretKey } from "../../http/auth";
import { readJson } from "../../http/body";
import { type App, mount } from "../../http/route";
import { saveAllowedOrigins } from "../../merchants/settings";
import { presentSettings } from "../../settings/present";

export const route = createRoute({
  method: "patch",
  operationId: "updateSettings",
  path: "/api/v1/settings",
  tags: ["Settings"],
  summary: "Update settings",
  description:
    "`allowed_origins` locks your publishable keys (both modes) to pages on these origins: a click from any other Origin gets 403 ORIGIN_NOT_ALLOWED. Origins are normalised (lower case, default port dropped); an empty list allows any origin.",
  security: secretSecurity,
  request: {
    body: { content: { "application/json": { schema: updateSettingsBodySchema } }, required: true },
  },
  responses: {
    200: { description: "Updated", content: { "application/json": { schema: settingsSchema } } },
    ...errorResponses(400, 401, 413, 503),
  },
});

export function registerUpdateSettings(app: App): void {
  mount(app, route, requireSecretKey(), auditChanges("settings"), async (c) => {
    const changes = await readJson(c, updateSettingsBodySchema);
    let merchant = c.get("auth").merchant;
    if (changes.allowed_origins !== undefined) {
      const allowed_origins = await saveAllowedOrigins(
        c.get("services").store.db,
        merchant.id,
        changes.allowed_origins,
      );
      merchant = { ...merchant, allowed_origins };
    }
    return c.json(presentSettings(merchant), 200);
  });
}

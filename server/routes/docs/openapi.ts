// GET /api/v1/openapi.json: the OpenAPI 3.1 document of every route registered on the app.
import { registerIdempotencyComponents } from "../../http/idempotency-document";
import type { App } from "../../http/route";

const API_VERSION = "1.0.0";

export function registerOpenApiDocument(app: App): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "SecretKey", {
    type: "http",
    scheme: "bearer",
    description: "sk_test_… or sk_live_…; the key's mode selects the data.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "PublishableKey", {
    type: "http",
    scheme: "bearer",
    description: "pk_test_… or pk_live_…, also accepted as `key` in the click body.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "DashboardSession", {
    type: "apiKey",
    in: "cookie",
    name: "selgeo_session",
    description:
      "The dashboard's session cookie (__Host-selgeo_session over https), with Selgeo-Mode: test|live naming the mode and X-CSRF-Token on every change.",
  });
  registerIdempotencyComponents(app.openAPIRegistry);
  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Selgeo API",
      version: API_VERSION,
      description:
        "Affiliate tracking and attribution. Every response carries X-Request-Id; every error has the shape { error: { code, message, request_id, doc_url, details } }, doc_url pointing at the code's section of /docs/errors.",
    },
  });
}

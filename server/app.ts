// The whole HTTP service, composed in one place and readable as a table of contents:
// middleware first, then every route group, then the documents and the fallbacks.

import { OpenAPIHono } from "@hono/zod-openapi";
import { auditManagementChanges, MANAGED_PATHS } from "./audit/management";
import { CLICK_PATH } from "./http/click-listener";
import type { AppEnv } from "./http/env";
import { notFound, onError } from "./http/errors";
import { publicCors } from "./http/public-cors";
import { requestContext } from "./http/request-context";
import { registerCreateClick } from "./routes/clicks.create";
import { registerConversionRoutes } from "./routes/conversions";
import { registerDashboard } from "./routes/dashboard";
import { type DemoOptions, registerDemo } from "./routes/demo";
import { registerDocs } from "./routes/docs";
import { registerHealth } from "./routes/health";
import { registerKeyRoutes } from "./routes/keys";
import { registerKeyCheck } from "./routes/keys.check";
import { registerManagementRoutes } from "./routes/management";
import { registerSessionRoutes } from "./routes/session";
import { registerSnippet } from "./routes/snippet";
import { registerGetStats } from "./routes/stats.get";
import { registerStripeRoutes } from "./routes/stripe";
import type { Services } from "./services";

export const API_VERSION = "1.0.0";

/** What a click reads of its merchant; `/x/*` matches `/x` itself too. */
const CLICK_FACTS = ["/api/v1/settings/*", "/api/v1/programs/*", "/api/v1/partners/*"];

export interface AppOptions {
  /** Serve the demo shop at /demo, playing the demo merchant's server with these keys. */
  demo?: DemoOptions;
}

export function createApp(services: Services, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.use(requestContext(services));
  // A merchant's change to what clicks read (settings, programs, partners) reaches its next
  // click at once; other writes, and clicks themselves, pass no layer for it.
  app.on(["POST", "PATCH", "PUT", "DELETE"], CLICK_FACTS, async (c, next) => {
    await next();
    const auth = c.get("auth");
    if (auth && c.res.status < 400) {
      services.clickLookups.invalidateMerchant(auth.merchant.id);
    }
  });
  // Who changed a partner, program, setting or Stripe secret, in the audit log.
  app.on(["POST", "PATCH", "PUT"], MANAGED_PATHS, auditManagementChanges());
  // Only the snippet's POST is public; GET /api/v1/clicks is a secret-key listing.
  app.on(["POST", "OPTIONS"], CLICK_PATH, publicCors(["POST"]));
  app.on(["GET", "OPTIONS"], "/api/v1/keys/check", publicCors(["GET"]));

  registerHealth(app);
  registerCreateClick(app);
  registerKeyCheck(app);
  registerConversionRoutes(app);
  registerManagementRoutes(app);
  registerKeyRoutes(app);
  registerGetStats(app);
  registerSessionRoutes(app);
  registerStripeRoutes(app);
  registerSnippet(app);
  if (options.demo) registerDemo(app, options.demo);

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
  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Selgeo API",
      version: API_VERSION,
      description:
        "Affiliate tracking and attribution. Every response carries X-Request-Id; every error has the shape { error: { code, message, request_id, doc_url, details } }.",
    },
  });
  registerDocs(app);
  registerDashboard(app);

  app.notFound(notFound(() => app.routes));
  app.onError(onError);
  return app;
}

// The whole HTTP service, composed in one place and readable as a table of contents:
// middleware first, then every resource's routes (each a small sub-app under routes/<resource>/),
// then the documents and the fallbacks.

import { OpenAPIHono } from "@hono/zod-openapi";
import { CLICK_PATH } from "./http/click-listener";
import type { AppEnv } from "./http/env";
import { notFound, onError } from "./http/errors";
import { publicCors } from "./http/public-cors";
import { requestContext } from "./http/request-context";
import { auditLogRoutes } from "./routes/audit-log";
import { clickRoutes } from "./routes/clicks";
import { commissionRoutes } from "./routes/commissions";
import { conversionRoutes } from "./routes/conversions";
import { registerDashboard } from "./routes/dashboard";
import { type DemoOptions, registerDemo } from "./routes/demo";
import { registerDocs } from "./routes/docs";
import { integrationRoutes } from "./routes/integration";
import { keyRoutes } from "./routes/keys";
import { operationsRoutes } from "./routes/operations";
import { partnerRoutes } from "./routes/partners";
import { payoutRoutes } from "./routes/payouts";
import { programRoutes } from "./routes/programs";
import { sessionRoutes } from "./routes/session";
import { settingsRoutes } from "./routes/settings";
import { registerSnippet } from "./routes/snippet";
import { statsRoutes } from "./routes/stats";
import { stripeRoutes } from "./routes/stripe";
import { webhookEndpointRoutes } from "./routes/webhook-endpoints";
import type { Services } from "./services";

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
  // Only the snippet's POST is public; GET /api/v1/clicks is a secret-key listing.
  app.on(["POST", "OPTIONS"], CLICK_PATH, publicCors(["POST"]));
  app.on(["GET", "OPTIONS"], "/api/v1/keys/check", publicCors(["GET"]));

  app.route("/", operationsRoutes());
  app.route("/", clickRoutes());
  app.route("/", keyRoutes());
  app.route("/", conversionRoutes());
  app.route("/", programRoutes());
  app.route("/", partnerRoutes());
  app.route("/", commissionRoutes());
  app.route("/", payoutRoutes());
  app.route("/", webhookEndpointRoutes());
  app.route("/", auditLogRoutes());
  app.route("/", settingsRoutes());
  app.route("/", stripeRoutes());
  app.route("/", statsRoutes());
  app.route("/", integrationRoutes());
  app.route("/", sessionRoutes());
  registerSnippet(app);
  if (options.demo) registerDemo(app, options.demo);
  registerDocs(app);
  registerDashboard(app);

  app.notFound(notFound(() => app.routes));
  app.onError(onError);
  return app;
}

// GET /api/v1/openapi.json: the OpenAPI 3.1 document of every route registered on the app,
// completed by openapi-document.ts (headers, errors per status and code, examples).
import { ERROR_CODES, errorSchemaName, errorSchemaOf } from "../../contract/schemas/error-details";
import { registerIdempotencyComponents } from "../../http/idempotency-document";
import type { App } from "../../http/route";
import { completeDocument } from "./openapi-document";

const API_VERSION = "1.0.0";

/** Every tag an operation uses, described (an SDK's modules and the reference's sections). */
const TAGS = [
  {
    name: "Tracking",
    description: "The snippet's clicks and the key check, with a publishable key.",
  },
  {
    name: "Conversions",
    description: "Sales and sign-ups reported by the merchant's server, and their refunds.",
  },
  { name: "Commissions", description: "What partners earned, held or lost, per conversion." },
  { name: "Programs", description: "Commission rules, attribution windows and models." },
  { name: "Partners", description: "The affiliates who bring clicks, each with a ref." },
  { name: "Clicks", description: "Recorded clicks, for looking one up or listing them." },
  {
    name: "Audit log",
    description: "Every attribution decision with its facts and the guide's explanation.",
  },
  { name: "Settings", description: "Merchant settings: the origins allowed to send clicks." },
  { name: "Stripe", description: "The Stripe webhook and its signing secrets." },
  { name: "Stats", description: "Daily figures for the dashboard." },
  {
    name: "Integration",
    description: "Integration health: what the merchant's data shows about the integration.",
  },
  {
    name: "Payouts",
    description: "Commissions due per partner, marked paid in payouts, and CSV exports.",
  },
  {
    name: "Webhooks",
    description: "Signed events sent to the merchant's endpoints, with every delivery attempt.",
  },
  { name: "API keys", description: "Publishable and secret keys: list, create, rotate, revoke." },
  {
    name: "Dashboard session",
    description: "Sign-in for the merchant dashboard (a cookie, a mode and a CSRF token).",
  },
  { name: "Operations", description: "Health, readiness and metrics for operators." },
  { name: "Documentation", description: "The error codes' page." },
];

export const OPENAPI_PATH = "/api/v1/openapi.json";

function registerComponents(app: App): void {
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
  // Each code's envelope, named for $refs from every error response (openapi-document.ts).
  for (const code of ERROR_CODES)
    app.openAPIRegistry.register(errorSchemaName(code), errorSchemaOf(code));
}

/** The whole document, as served. */
export function openApiDocument(app: App): object {
  const generated = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Selgeo API",
      version: API_VERSION,
      description:
        "Affiliate tracking and attribution. Every response carries X-Request-Id; every error has the shape { error: { code, message, request_id, doc_url, details } }, doc_url pointing at the code's section of /docs/errors.",
      contact: { name: "Selgeo", url: "https://docs.selgeo.com" },
      // package.json is private: the API is Selgeo's own.
      license: { name: "Proprietary", url: "https://docs.selgeo.com" },
    },
    // A server of your own (`selgeo serve`) answers the same paths at its own origin.
    servers: [{ url: "https://api.selgeo.com", description: "Selgeo's hosted service" }],
    tags: TAGS,
  });
  return completeDocument(structuredClone(generated));
}

export function registerOpenApiDocument(app: App): void {
  registerComponents(app);
  // Built on first request, once every route is registered; the same for every caller.
  let document: object | undefined;
  app.get(OPENAPI_PATH, (c) => {
    document ??= openApiDocument(app);
    return c.json(document);
  });
}

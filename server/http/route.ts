// Mounts a handler at a route documented with @hono/zod-openapi. The route object feeds the
// OpenAPI document; the handler reads and validates its own input through http/body.ts, so
// every validation failure, `text/plain` bodies included, ends in the same envelope.
// Every POST that takes a secret key or a dashboard session gets Idempotency-Key here
// (idempotency.ts), documented and applied, so a route added later has it without code of its own.
import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import type { Handler, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";
import { idempotency } from "./idempotency";
import { withIdempotencyDocumented } from "./idempotency-document";

export type App = OpenAPIHono<AppEnv>;

/** Routes that answer a secret shown once: a replay would need a copy of it kept for 24 hours. */
const NOT_REPLAYABLE = new WeakSet<RouteConfig>();

/**
 * Marks a route whose answer must not be stored for replays (a newly minted API key: the key
 * store keeps hashes only). A retry of such a request runs again, as without a key.
 */
export function withoutIdempotency<R extends RouteConfig>(route: R): R {
  NOT_REPLAYABLE.add(route);
  return route;
}

/** An authenticated POST: a secret key or a dashboard session (not clicks, sign-in, webhooks). */
function takesIdempotencyKey(route: RouteConfig): boolean {
  if (route.method !== "post" || NOT_REPLAYABLE.has(route)) return false;
  return (route.security ?? []).some(
    (requirement) => "SecretKey" in requirement || "DashboardSession" in requirement,
  );
}

export function mount(
  app: App,
  route: RouteConfig,
  ...handlers: [...MiddlewareHandler<AppEnv>[], Handler<AppEnv>]
): void {
  const idempotent = takesIdempotencyKey(route);
  app.openAPIRegistry.registerPath(idempotent ? withIdempotencyDocumented(route) : route);
  const path = route.path.replace(/\{(\w+)\}/g, ":$1");
  // After the route's own middleware (authentication: keys belong to a merchant and mode),
  // right before its handler.
  const chain = idempotent
    ? [...handlers.slice(0, -1), idempotency(), handlers[handlers.length - 1]]
    : handlers;
  app.on(route.method.toUpperCase(), path, ...(chain as [Handler<AppEnv>]));
}

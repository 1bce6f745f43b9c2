// Mounts a handler at a route documented with @hono/zod-openapi. The route object feeds the
// OpenAPI document; the handler reads and validates its own input through http/body.ts, so
// every validation failure, `text/plain` bodies included, ends in the same envelope.
import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import type { Handler, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";

export type App = OpenAPIHono<AppEnv>;

export function mount(
  app: App,
  route: RouteConfig,
  ...handlers: [...MiddlewareHandler<AppEnv>[], Handler<AppEnv>]
): void {
  app.openAPIRegistry.registerPath(route);
  const path = route.path.replace(/\{(\w+)\}/g, ":$1");
  app.on(route.method.toUpperCase(), path, ...(handlers as [Handler<AppEnv>]));
}

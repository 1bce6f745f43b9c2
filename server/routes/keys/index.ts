// API keys: the public key check for the extension (CORS open), and managing the merchant's keys
// (Settings › API Keys): list, create, rotate, revoke.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/env";
import { registerKeyCheck } from "./check";
import { registerCreateKey } from "./create";
import { registerListKeys } from "./list";
import { registerRevokeKey } from "./revoke";
import { registerRotateKey } from "./rotate";

export function keyRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  registerKeyCheck(api);
  registerListKeys(api);
  registerCreateKey(api);
  registerRotateKey(api);
  registerRevokeKey(api);
  return api;
}

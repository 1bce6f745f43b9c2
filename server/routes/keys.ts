import type { App } from "../http/route";
import { registerCreateKey } from "./keys.create";
import { registerListKeys } from "./keys.list";
import { registerRevokeKey } from "./keys.revoke";
import { registerRotateKey } from "./keys.rotate";

/** Managing API keys (Settings › API Keys); GET /api/v1/keys/check is the public key check. */
export function registerKeyRoutes(app: App): void {
  registerListKeys(app);
  registerCreateKey(app);
  registerRotateKey(app);
  registerRevokeKey(app);
}

// The authenticated caller's tenant handles (store/tenant.ts): what a route's queries may see.
import type { Context } from "hono";
import { type MerchantQueries, type ModeQueries, merchantScoped, scoped } from "../store/tenant";
import type { AppEnv } from "./env";

/** The key's merchant, in the key's mode: clicks, conversions, commissions, audit log. */
export function modeTenant(c: Context<AppEnv>): ModeQueries {
  const { merchant, mode } = c.get("auth");
  return scoped(c.get("services").store.db, { merchantId: merchant.id, mode });
}

/**
 * The key's merchant in the key's mode, for lists: read where a long read does not hold up
 * other requests (store.reader: threads of their own on embedded SQLite).
 */
export function modeReader(c: Context<AppEnv>): ModeQueries {
  const { merchant, mode } = c.get("auth");
  return scoped(c.get("services").store.reader, { merchantId: merchant.id, mode });
}

/** The key's merchant, shared by both modes: programs, partners, signing secrets. */
export function merchantTenant(c: Context<AppEnv>): MerchantQueries {
  return merchantScoped(c.get("services").store.db, c.get("auth").merchant.id);
}

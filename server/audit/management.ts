// Audit entries for management changes made through the API or the dashboard: partners
// (created, approved, rejected, suspended, edited), programs, settings and the Stripe signing
// secret. One middleware for every such route, so none of them can forget: it reads the object
// before the change, lets the route run, and records what changed (audit/changes.ts), naming the
// key or user that made it. The entry is written after the change has committed and before the
// answer leaves; a failure to write it is logged, not turned into a failed change. API-key
// changes are audited by keys/manage.ts inside their own transactions.
import type { MiddlewareHandler } from "hono";
import type { Kysely } from "kysely";
import type { AppEnv } from "../http/env";
import { presentPartner } from "../partners/present";
import { presentProgram } from "../programs/present";
import type { Database } from "../store/schema";
import { describeChange, type ManagedResource } from "./changes";
import { writeAuditEntry } from "./write";

interface Target {
  resource: ManagedResource;
  /** The object's id when the path names one. */
  id?: string;
}

const TARGETS: Array<{ method: string; path: RegExp; resource: ManagedResource }> = [
  { method: "POST", path: /^\/api\/v1\/partners$/, resource: "partner" },
  { method: "PATCH", path: /^\/api\/v1\/partners\/([^/]+)$/, resource: "partner" },
  { method: "POST", path: /^\/api\/v1\/programs$/, resource: "program" },
  { method: "PATCH", path: /^\/api\/v1\/programs\/([^/]+)$/, resource: "program" },
  { method: "PATCH", path: /^\/api\/v1\/settings$/, resource: "settings" },
  { method: "PUT", path: /^\/api\/v1\/integrations\/stripe$/, resource: "stripe_integration" },
];

/** The paths the middleware must be mounted on (Hono patterns; `/x/*` matches `/x` too). */
export const MANAGED_PATHS = [
  "/api/v1/partners/*",
  "/api/v1/programs/*",
  "/api/v1/settings/*",
  "/api/v1/integrations/stripe/*",
];

function targetOf(method: string, path: string): Target | undefined {
  for (const target of TARGETS) {
    if (target.method !== method) continue;
    const match = target.path.exec(path);
    if (match) return { resource: target.resource, ...(match[1] ? { id: match[1] } : {}) };
  }
  return undefined;
}

/** The object as the API shows it, read before the change (scoped to the merchant afterwards). */
async function loadBefore(
  db: Kysely<Database>,
  target: Target,
): Promise<{ merchantId: string; object: Record<string, unknown> } | undefined> {
  if (target.resource === "partner" && target.id) {
    const row = await db
      .selectFrom("partners")
      .selectAll()
      .where("id", "=", target.id)
      .executeTakeFirst();
    return row && { merchantId: row.merchant_id, object: presentPartner(row) };
  }
  if (target.resource === "program" && target.id) {
    const row = await db
      .selectFrom("programs")
      .selectAll()
      .where("id", "=", target.id)
      .executeTakeFirst();
    return row && { merchantId: row.merchant_id, object: presentProgram(row) };
  }
  return undefined;
}

export function auditManagementChanges(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const target = targetOf(c.req.method, c.req.path);
    if (!target) return next();
    const { store, clock, logger } = c.get("services");
    const loaded = await loadBefore(store.db, target);
    await next();
    const auth = c.get("auth");
    if (!auth || c.res.status >= 300) return;
    let before: Record<string, unknown> | undefined;
    if (target.resource === "settings") {
      // The merchant as authentication read it, before the route changed it.
      before = { allowed_origins: JSON.parse(auth.merchant.allowed_origins) as unknown };
    } else if (target.id) {
      if (loaded?.merchantId !== auth.merchant.id) return;
      before = loaded.object;
    }
    try {
      const after = (await c.res.clone().json()) as Record<string, unknown>;
      const entry = describeChange({ resource: target.resource, before, after });
      if (!entry) return;
      await writeAuditEntry(store.db, clock, {
        merchantId: auth.merchant.id,
        mode: auth.mode,
        requestId: c.get("requestId"),
        actor: auth.actor,
        ...entry,
      });
    } catch (error) {
      logger.error(
        { err: error, request_id: c.get("requestId") },
        "management change made but its audit entry was not written",
      );
    }
  };
}

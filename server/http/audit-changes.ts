// Audit entries for management changes made through the API or the dashboard: partners
// (created, approved, rejected, suspended, edited), programs, settings and the Stripe signing
// secret. One middleware, placed after authentication on each such route, reads the object before
// the change, lets the route run, and records what changed (audit/changes.ts), naming the key or
// user that made it. The entry is written after the change has committed and before the answer
// leaves; a failure to write it is logged, not turned into a failed change. API-key changes are
// audited by keys/manage.ts inside their own transactions.
import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { describeChange, type ManagedResource } from "../audit/changes";
import { writeAuditEntry } from "../audit/repository";
import { presentPartner } from "../partners/present";
import { findPartner } from "../partners/repository";
import { presentProgram } from "../programs/present";
import { findProgram } from "../programs/repository";
import { validate } from "./body";
import type { AppEnv } from "./env";
import { merchantTenant, modeTenant } from "./tenant";

type Before = Record<string, unknown> | undefined;

/** The changed object's id, when the path names one (checked as the route itself checks it). */
const pathParams = z.object({ id: z.string().optional() });

export function auditChanges(resource: ManagedResource): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { id } = validate(pathParams, c.req.param(), "path");
    let before: Before;
    if (resource === "settings") {
      // The merchant as authentication read it, before the route changes it.
      before = { allowed_origins: JSON.parse(c.get("auth").merchant.allowed_origins) as unknown };
    } else if (resource === "partner" && id !== undefined) {
      const row = await findPartner(merchantTenant(c), id);
      before = row && presentPartner(row);
    } else if (resource === "program" && id !== undefined) {
      const row = await findProgram(merchantTenant(c), id);
      before = row && presentProgram(row);
    }
    await next();
    if (c.res.status >= 300) return;
    const { clock, logger } = c.get("services");
    try {
      const after = (await c.res.clone().json()) as Record<string, unknown>;
      const entry = describeChange({ resource, before, after });
      if (!entry) return;
      await writeAuditEntry(modeTenant(c), clock, {
        requestId: c.get("requestId"),
        actor: c.get("auth").actor,
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

// Readiness: storage answers, and whether its writes are failing; 503 UNAVAILABLE when it does not.
import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../contract/schemas/common";
import { type App, mount } from "../../http/route";

const readinessSchema = z
  .object({
    status: z.enum(["ready", "degraded"]),
    storage: z.enum(["sqlite", "postgres"]),
    reason: z.string().optional().openapi({
      description:
        "When degraded: the storage's last failure (a full disk, an I/O error, a lost connection), seen within the last 10 s, or checkpoints failing.",
      example: "SQLITE_FULL: database or disk is full",
    }),
  })
  .openapi("Readiness");

export const route = createRoute({
  method: "get",
  operationId: "getReadiness",
  path: "/readyz",
  tags: ["Operations"],
  summary: "Readiness: storage is reachable, and whether its writes are failing",
  description:
    "200 `ready`; 200 `degraded` when the storage answers but has failed for reasons of its own within the last 10 s (writes answer 503 meanwhile); 503 when it does not answer.",
  responses: {
    200: {
      description: "Ready, or degraded with the reason",
      content: { "application/json": { schema: readinessSchema } },
    },
    ...errorResponses(503),
  },
});

export function registerReadyz(app: App): void {
  mount(app, route, async (c) => {
    const { store } = c.get("services");
    // A failure here goes through the error handler, which answers 503 UNAVAILABLE.
    await store.ping();
    const health = store.health.state();
    return c.json(
      health.state === "ok"
        ? { status: "ready" as const, storage: store.dialect }
        : { status: "degraded" as const, storage: store.dialect, reason: health.reason },
    );
  });
}

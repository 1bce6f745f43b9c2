import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../contract/schemas/common";
import { type App, mount } from "../http/route";

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["Operations"],
  summary: "Liveness: the process answers",
  responses: {
    200: {
      description: "Alive",
      content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } },
    },
  },
});

const readyz = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["Operations"],
  summary: "Readiness: storage is reachable",
  responses: {
    200: {
      description: "Ready",
      content: {
        "application/json": {
          schema: z.object({ status: z.literal("ready"), storage: z.string() }),
        },
      },
    },
    ...errorResponses(503),
  },
});

const metrics = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["Operations"],
  summary: "Prometheus metrics",
  responses: {
    200: {
      description: "Prometheus text format",
      content: { "text/plain": { schema: z.string() } },
    },
  },
});

export function registerHealth(app: App): void {
  mount(app, healthz, (c) => c.json({ status: "ok" as const }));
  mount(app, readyz, async (c) => {
    const { store } = c.get("services");
    // A failure here goes through the error handler, which answers 503 UNAVAILABLE.
    await store.ping();
    return c.json({ status: "ready" as const, storage: store.dialect });
  });
  mount(app, metrics, async (c) => {
    const { registry } = c.get("services").metrics;
    return c.body(await registry.metrics(), 200, { "Content-Type": registry.contentType });
  });
}

// Prometheus metrics of this process.
import { createRoute, z } from "@hono/zod-openapi";
import { type App, mount } from "../../http/route";

export const route = createRoute({
  method: "get",
  operationId: "getMetrics",
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

export function registerMetrics(app: App): void {
  mount(app, route, async (c) => {
    const { registry } = c.get("services").metrics;
    return c.body(await registry.metrics(), 200, { "Content-Type": registry.contentType });
  });
}

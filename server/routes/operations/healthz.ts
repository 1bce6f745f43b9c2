// Liveness: the process answers.
import { createRoute, z } from "@hono/zod-openapi";
import { type App, mount } from "../../http/route";

export const route = createRoute({
  method: "get",
  operationId: "getHealth",
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

export function registerHealthz(app: App): void {
  mount(app, route, (c) => c.json({ status: "ok" as const }));
}

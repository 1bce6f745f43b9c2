// Readiness: storage answers; 503 UNAVAILABLE when it does not.
import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../contract/schemas/common";
import { type App, mount } from "../../http/route";

export const route = createRoute({
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

export function registerReadyz(app: App): void {
  mount(app, route, async (c) => {
    const { store } = c.get("services");
    // A failure here goes through the error handler, which answers 503 UNAVAILABLE.
    await store.ping();
    return c.json({ status: "ready" as const, storage: store.dialect });
  });
}

// GET /docs: the interactive API reference (Swagger UI over /api/v1/openapi.json).
import { swaggerUI } from "@hono/swagger-ui";
import type { App } from "../../http/route";

export function registerApiReference(app: App): void {
  app.get("/docs", swaggerUI({ url: "/api/v1/openapi.json", title: "Selgeo API reference" }));
}

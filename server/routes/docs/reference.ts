// GET /docs: the interactive API reference (Swagger UI over /api/v1/openapi.json), from the
// swagger-ui-dist package served by this server, so the page works with no internet access (a
// CDN would leave it blank).
import { createRequire } from "node:module";
import type { App } from "../../http/route";
import { IMMUTABLE, REVALIDATE, StaticFolder } from "../../http/static-files";

const require = createRequire(import.meta.url);
const swaggerUi = new StaticFolder(
  (require("swagger-ui-dist") as { getAbsoluteFSPath(): string }).getAbsoluteFSPath(),
);
const VERSION = (require("swagger-ui-dist/package.json") as { version: string }).version;
/** The package's version in the path: a new version is a new URL, so files can be cached forever. */
const ASSETS = `/docs/assets/${VERSION}`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Selgeo API reference</title>
<link rel="stylesheet" href="${ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="${ASSETS}/favicon-32x32.png">
</head>
<body>
<noscript>The interactive reference needs JavaScript. The API's description itself is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</noscript>
<div id="swagger-ui"></div>
<script src="${ASSETS}/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
});
`;

const SERVED = new Set(["swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"]);

export function registerApiReference(app: App): void {
  app.get("/docs", (c) => {
    c.header("Cache-Control", REVALIDATE);
    return c.html(PAGE);
  });
  app.get("/docs/init.js", (c) => {
    c.header("Cache-Control", REVALIDATE);
    c.header("Content-Type", "text/javascript; charset=utf-8");
    return c.body(INIT);
  });
  app.get(`${ASSETS}/:file`, (c, next) => {
    const file = c.req.param("file");
    if (!SERVED.has(file)) return next();
    return swaggerUi.respond(c, file, IMMUTABLE) ?? next();
  });
}

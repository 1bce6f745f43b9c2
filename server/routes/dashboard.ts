// The merchant dashboard: the React app built by Vite from server/dashboard/ into
// server/dashboard/dist (`npm run build:dashboard`, also run by `npm install`). Its assets have
// content hashes in their names and are cached for a year; index.html is revalidated on every
// load so a new build is picked up at once. Every path under /dashboard that is not an asset is
// the app (it routes in the browser); `/` leads there.
import { fileURLToPath } from "node:url";
import type { Context } from "hono";
import { ApiError } from "../contract/errors";
import type { App } from "../http/route";
import { IMMUTABLE, REVALIDATE, StaticFolder } from "../http/static-files";

const BUILD = fileURLToPath(new URL("../dashboard/dist", import.meta.url));

/** The app talks only to this origin; nothing else may load into or frame it. */
const APP_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Selgeo dashboard</title></head>
<body><h1>The dashboard has not been built</h1><p>Run <code>npm run build:dashboard</code> (or <code>npm install</code>), then reload.</p></body></html>`;

export function registerDashboard(app: App, build = new StaticFolder(BUILD)): void {
  const page = (c: Context) =>
    build.respond(c, "index.html", REVALIDATE, APP_HEADERS) ?? c.html(NOT_BUILT, 503);
  app.get("/", (c) => c.redirect("/dashboard", 302));
  // A missing asset is a 404, not the app: a stale page asking for an old build's file must fail.
  app.get("/dashboard/assets/:file", (c) => {
    const file = c.req.param("file");
    const found = build.respond(c, `assets/${file}`, IMMUTABLE);
    if (found) return found;
    throw new ApiError(
      "NOT_FOUND",
      `No dashboard asset ${file}: reload the dashboard for the current build.`,
    );
  });
  app.get(
    "/dashboard/favicon.svg",
    (c, next) => build.respond(c, "favicon.svg", REVALIDATE) ?? next(),
  );
  app.get("/dashboard", page);
  app.get("/dashboard/*", page);
}

// GET /docs/errors: docs/errors.md (one section per error code) as an HTML page. Every error's
// doc_url points at a section of it (`#rate-limited`), on this server. Rendered once, on the
// first request, from the file shipped with the server.
import { readFile } from "node:fs/promises";
import { createRoute, z } from "@hono/zod-openapi";
import { marked, type Tokens } from "marked";
import { ERROR_DOCS_PATH } from "../../contract/errors";
import { type App, mount } from "../../http/route";

export const ERRORS_DOCUMENT = new URL("../../../docs/errors.md", import.meta.url);

/** `## RATE_LIMITED` → `<h2 id="rate-limited">`, the anchor contract/errors.ts links to. */
function headingAnchor(text: string): string {
  return text
    .toLowerCase()
    .replaceAll("_", "-")
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!,
  );

/** The document as a page: headings carry their anchors, the rest is marked's HTML. */
function renderErrorsPage(markdown: string): string {
  const renderer = new marked.Renderer();
  renderer.heading = function ({ tokens, depth, text }: Tokens.Heading) {
    const inner = this.parser.parseInline(tokens);
    return `<h${depth} id="${headingAnchor(text)}">${inner}</h${depth}>\n`;
  };
  const body = marked.parse(markdown, { async: false, renderer, gfm: true });
  const title = /^#\s+(.+)$/m.exec(markdown)?.[1] ?? "Errors";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Selgeo</title>
<style>
  body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; font: 16px/1.55 system-ui, sans-serif; color: #1d2330; }
  h2 { margin-top: 2.2rem; padding-top: .6rem; border-top: 1px solid #e3e6ec; font-family: ui-monospace, monospace; }
  h2:target { background: #fff4e0; }
  code { font-family: ui-monospace, monospace; background: #f3f4f7; padding: 0 .2em; border-radius: 3px; }
  table { border-collapse: collapse; } td, th { border: 1px solid #e3e6ec; padding: .3em .6em; text-align: left; }
</style>
</head>
<body>
${body}</body>
</html>
`;
}

export const route = createRoute({
  method: "get",
  operationId: "getErrorDocs",
  path: ERROR_DOCS_PATH,
  tags: ["Documentation"],
  summary: "What each error code means and what to do (every error's doc_url points here)",
  responses: {
    200: { description: "HTML", content: { "text/html": { schema: z.string() } } },
  },
});

export function registerErrorDocs(app: App): void {
  let page: Promise<string> | undefined;
  mount(app, route, async (c) => {
    page ??= readFile(ERRORS_DOCUMENT, "utf8")
      .then(renderErrorsPage)
      .catch((error: unknown) => {
        page = undefined;
        throw error;
      });
    c.header("Cache-Control", "public, max-age=300");
    return c.html(await page);
  });
}

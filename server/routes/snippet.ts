// GET /v1/selgeo.js and /v1/selgeo-lazy.js (the part selgeo.js loads beside itself when a page
// needs it, snippet/lazy-contract.ts): the snippet, served the way a CDN would serve it.
// Merchants' pages on any origin load it, so it is cacheable by anyone, revalidated by a strong
// ETag, and precompressed once (a per-request gzip of the same few KB would be wasted work on
// the hottest public URL).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import type { Env, Hono } from "hono";
import { DIST_FILE, LAZY_DIST_FILE, type SnippetPart } from "../../snippet/artifact";
import { LAZY_FILE } from "../../snippet/lazy-contract";
import { ApiError } from "../contract/errors";

export const SNIPPET_PATH = "/v1/selgeo.js";
/** Beside SNIPPET_PATH: selgeo.js derives its URL from its own. */
export const SNIPPET_LAZY_PATH = `/v1/${LAZY_FILE}`;

/** Short enough that a fixed snippet reaches every page within minutes, long enough to matter. */
export const SNIPPET_CACHE_CONTROL = "public, max-age=300";

interface Representation {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

interface SnippetAsset {
  identity: Representation;
  gzip: Representation;
}

/** The snippet's build (snippet/build.ts), loaded only when the built file is missing. */
type SnippetBuilder = () => Promise<{
  buildSnippet(options?: { part?: SnippetPart }): Promise<string>;
}>;

// Lazily: the build needs esbuild, a devDependency (a production install has snippet/dist).
const importBuild: SnippetBuilder = () => import("../../snippet/build");

export interface SnippetOptions {
  /** Serve this code instead of snippet/dist/selgeo.js (tests, a freshly built copy). */
  code?: string;
  /** Serve this code instead of snippet/dist/selgeo-lazy.js. */
  lazyCode?: string;
  /** Where the built snippet is; default snippet/dist/selgeo.js. */
  file?: string;
  /** Where the built lazy part is; default snippet/dist/selgeo-lazy.js. */
  lazyFile?: string;
  /** How to build it when that file is missing; default snippet/build.ts. */
  build?: SnippetBuilder;
}

/** The snippet is neither built nor buildable here: the operator has something to run. */
class SnippetNotBuilt extends Error {
  override name = "SnippetNotBuilt";
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

/**
 * The built file, or, when it has not been built (a fresh clone running `npm start`), a build
 * made in-process. A stale file wins over the sources: `npm run build:snippet` refreshes it.
 * Throws SnippetNotBuilt when the file is missing and esbuild is not installed to build it.
 */
export async function loadSnippetCode(
  file = DIST_FILE,
  build = importBuild,
  part: SnippetPart = "main",
): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  let builder: Awaited<ReturnType<SnippetBuilder>>;
  try {
    builder = await build();
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
    throw new SnippetNotBuilt(
      `${file} has not been built, and building it here needs esbuild, a development dependency that is not installed. Run \`npm run build\` where the dev dependencies are installed (or deploy a package made with \`npm pack\`, which carries the built snippet).`,
      { cause: error },
    );
  }
  return builder.buildSnippet({ part });
}

function prepare(code: string): SnippetAsset {
  const identity = new TextEncoder().encode(code);
  const hash = createHash("sha256").update(identity).digest("base64url").slice(0, 27);
  return {
    identity: { body: identity, etag: `"${hash}"` },
    // Each encoding is its own representation, so each has its own strong validator.
    gzip: { body: new Uint8Array(gzipSync(identity, { level: 9 })), etag: `"${hash}-gzip"` },
  };
}

/** RFC 9110 § 13.1.2: If-None-Match compares weakly, and `*` matches any current entity. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}

/** Whether `Accept-Encoding` allows gzip (an explicit `gzip;q=0` refuses it). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  let gzip: number | undefined;
  let wildcard: number | undefined;
  for (const entry of (acceptEncoding ?? "").split(",")) {
    const [name = "", ...params] = entry.split(";").map((part) => part.trim().toLowerCase());
    const qParam = params.find((param) => param.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (name === "gzip" || name === "x-gzip") gzip = q;
    else if (name === "*") wildcard = q;
  }
  return (gzip ?? wildcard ?? 0) > 0;
}

export function registerSnippet<E extends Env>(app: Hono<E>, options: SnippetOptions = {}): void {
  serve(app, SNIPPET_PATH, () =>
    options.code !== undefined
      ? Promise.resolve(options.code)
      : loadSnippetCode(options.file, options.build),
  );
  serve(app, SNIPPET_LAZY_PATH, () =>
    options.lazyCode !== undefined
      ? Promise.resolve(options.lazyCode)
      : loadSnippetCode(options.lazyFile ?? LAZY_DIST_FILE, options.build, "lazy"),
  );
}

function serve<E extends Env>(app: Hono<E>, path: string, read: () => Promise<string>): void {
  let asset: Promise<SnippetAsset> | undefined;
  const load = () => {
    asset ??= read()
      .then(prepare)
      .catch((error: Error) => {
        // Forget the failure so the next request tries again (a build finishing, a file landing).
        asset = undefined;
        throw new ApiError(
          "UNAVAILABLE",
          error instanceof SnippetNotBuilt
            ? `The snippet is not available: ${error.message}`
            : `The snippet could not be loaded (${error.message}). Run \`npm run build\`.`,
        );
      });
    return asset;
  };

  app.get(path, async (c) => {
    const { identity, gzip } = await load();
    const chosen = acceptsGzip(c.req.header("accept-encoding")) ? gzip : identity;
    const headers: Record<string, string> = {
      "Content-Type": "application/javascript; charset=utf-8",
      "Cache-Control": SNIPPET_CACHE_CONTROL,
      ETag: chosen.etag,
      Vary: "Accept-Encoding",
      // Any page may load it, also with crossorigin/SRI, and under COEP.
      "Access-Control-Allow-Origin": "*",
      "Cross-Origin-Resource-Policy": "cross-origin",
      "X-Content-Type-Options": "nosniff",
    };
    if (etagMatches(c.req.header("if-none-match"), chosen.etag)) {
      return c.body(null, 304, headers);
    }
    if (chosen === gzip) headers["Content-Encoding"] = "gzip";
    headers["Content-Length"] = String(chosen.body.byteLength);
    return c.body(chosen.body, 200, headers);
  });
}

// Files served as they are from a folder on disk (the dashboard's build, Swagger UI's package):
// read once, kept in memory with a gzip copy, answered with the caching the caller chooses.
// Only names inside the folder are served; anything else is undefined (the route answers 404).
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { Context } from "hono";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

interface LoadedFile {
  body: Uint8Array;
  gzip: Uint8Array | undefined;
  type: string;
}

export const IMMUTABLE = "public, max-age=31536000, immutable";
export const REVALIDATE = "no-cache";

export class StaticFolder {
  readonly #root: string;
  readonly #files = new Map<string, LoadedFile | null>();

  constructor(root: string) {
    this.#root = normalize(root);
  }

  #load(name: string): LoadedFile | null {
    const path = normalize(join(this.#root, name));
    if (!path.startsWith(this.#root + sep)) return null;
    const type = CONTENT_TYPES[extname(path)];
    if (!type) return null;
    try {
      if (!statSync(path).isFile()) return null;
      const body = readFileSync(path);
      // Text compresses well and is what most of these bytes are; images are compressed already.
      const gzip = type.startsWith("image/png") ? undefined : gzipSync(body);
      return { body, gzip, type };
    } catch {
      return null;
    }
  }

  has(name: string): boolean {
    return this.#file(name) !== null;
  }

  #file(name: string): LoadedFile | null {
    let file = this.#files.get(name);
    if (file === undefined) {
      file = this.#load(name);
      this.#files.set(name, file);
    }
    return file;
  }

  /** The file as a response, or undefined when the folder has no such file. */
  respond(
    c: Context,
    name: string,
    cacheControl: string,
    headers: Record<string, string> = {},
  ): Response | undefined {
    const file = this.#file(name);
    if (!file) return undefined;
    const gzip = file.gzip && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
    const body = gzip ? file.gzip : file.body;
    return new Response(body as Uint8Array<ArrayBuffer>, {
      headers: {
        "Content-Type": file.type,
        "Cache-Control": cacheControl,
        "X-Content-Type-Options": "nosniff",
        Vary: "Accept-Encoding",
        ...(gzip ? { "Content-Encoding": "gzip" } : {}),
        ...headers,
      },
    });
  }
}

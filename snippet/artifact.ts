// Where the built snippet lives: the files `npm run build:snippet` writes and the server serves.
// Kept apart from build.ts so reading the files never loads esbuild.
import { fileURLToPath } from "node:url";

/** selgeo.js, what merchants' tags load; selgeo-lazy.js, what it loads on demand. */
export type SnippetPart = "main" | "lazy";

export const DIST_FILE = fileURLToPath(new URL("./dist/selgeo.js", import.meta.url));
export const LAZY_DIST_FILE = fileURLToPath(new URL("./dist/selgeo-lazy.js", import.meta.url));

// Where the built snippet lives: the file `npm run build:snippet` writes and the server serves.
// Kept apart from build.ts so reading the file never loads esbuild.
import { fileURLToPath } from "node:url";

export const DIST_FILE = fileURLToPath(new URL("./dist/selgeo.js", import.meta.url));

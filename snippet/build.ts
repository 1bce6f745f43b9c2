// Builds selgeo.js and selgeo-lazy.js (the part it loads on demand, lazy-contract.ts): the
// snippet's sources bundled by esbuild into minified IIFEs with the package version baked in.
// `npm run build:snippet` writes both to snippet/dist/ (the files a merchant or a CDN hosts, side
// by side); the server and the tests call buildSnippet() in-process.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { DIST_FILE, LAZY_DIST_FILE, type SnippetPart } from "./artifact";

const SNIPPET_DIR = dirname(fileURLToPath(import.meta.url));
export const ENTRY_POINTS: Record<SnippetPart, string> = {
  main: join(SNIPPET_DIR, "selgeo.ts"),
  lazy: join(SNIPPET_DIR, "selgeo-lazy.ts"),
};

/**
 * The budget for the gzipped selgeo.js, issue 16's 1,700 (below Dub's 1,695-byte
 * @dub/analytics once the features it lacks are in the lazy part): `npm run build:snippet` fails
 * above it, and a unit test holds the build to it. docs/snippet.md § Size has the byte profile.
 */
export const GZIP_BUDGET_BYTES = 1700;

/**
 * selgeo-lazy.js is loaded only by pages that need it (Stripe elements, a click to retry), so
 * it is not held to issue 16's number; this budget only keeps it from growing unnoticed.
 */
export const LAZY_GZIP_BUDGET_BYTES = 2048;

/**
 * Browsers that parse the output. Below this, syntax errors would surface on the merchant's page
 * (the one thing the snippet promises never to do); es2017 keeps async/await native and small.
 */
export const BROWSER_TARGET = ["es2017"];

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(SNIPPET_DIR, "..", "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

export async function buildSnippet(
  options: { version?: string; part?: SnippetPart } = {},
): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY_POINTS[options.part ?? "main"]],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: BROWSER_TARGET,
    minify: true,
    legalComments: "none",
    write: false,
    define: { __SELGEO_VERSION__: JSON.stringify(options.version ?? packageVersion()) },
    logLevel: "silent",
    // The project's `strict` would put "use strict" in front: the snippet's code runs the same
    // without it (no sloppy-mode reliance), and the budget counts its 13 bytes.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for the snippet's ${options.part} part`);
  return output.text;
}

export function gzipSize(code: string): number {
  return gzipSync(code, { level: 9 }).length;
}

export class SnippetOverBudget extends Error {
  constructor(
    readonly size: number,
    readonly budget: number,
  ) {
    super(`the snippet is ${size} bytes gzipped, over its budget of ${budget}: nothing written`);
  }
}

/**
 * Builds and writes both files; refuses (SnippetOverBudget, nothing written) when selgeo.js is
 * above `budget` or selgeo-lazy.js above LAZY_GZIP_BUDGET_BYTES.
 */
export async function writeSnippet(
  file = DIST_FILE,
  budget = GZIP_BUDGET_BYTES,
  lazyFile = LAZY_DIST_FILE,
): Promise<{ file: string; code: string; lazyCode: string }> {
  const [code, lazyCode] = await Promise.all([buildSnippet(), buildSnippet({ part: "lazy" })]);
  for (const [part, limit] of [
    [code, budget],
    [lazyCode, LAZY_GZIP_BUDGET_BYTES],
  ] as const) {
    const size = gzipSize(part);
    if (size > limit) throw new SnippetOverBudget(size, limit);
  }
  // The lazy part first: a page that gets the new selgeo.js finds its other half in place.
  writeAside(lazyFile, lazyCode);
  writeAside(file, code);
  return { file, code, lazyCode };
}

// Written aside and renamed, so a server reading the file never serves half a snippet.
function writeAside(file: string, code: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, file);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { file, code, lazyCode } = await writeSnippet();
    console.log(
      `${file}: ${Buffer.byteLength(code)} bytes, ${gzipSize(code)} bytes gzipped (budget ${GZIP_BUDGET_BYTES})`,
    );
    console.log(
      `${LAZY_DIST_FILE}: ${Buffer.byteLength(lazyCode)} bytes, ${gzipSize(lazyCode)} bytes gzipped (budget ${LAZY_GZIP_BUDGET_BYTES})`,
    );
  } catch (error) {
    if (!(error instanceof SnippetOverBudget)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}

// Builds selgeo.js: the snippet's sources bundled by esbuild into one minified IIFE with the
// package version baked in. `npm run build:snippet` writes snippet/dist/selgeo.js (the file a
// merchant or a CDN can host); the server and the tests call buildSnippet() in-process.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { DIST_FILE } from "./artifact";

const SNIPPET_DIR = dirname(fileURLToPath(import.meta.url));
export const ENTRY_POINT = join(SNIPPET_DIR, "selgeo.ts");

/**
 * The contract's budget for the gzipped snippet (issue 3); a unit test holds the build to it.
 * 2500 → 2515 for `data-api` path prefixes (first-party proxies, issue 19).
 */
export const GZIP_BUDGET_BYTES = 2515;

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

export async function buildSnippet(options: { version?: string } = {}): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY_POINT],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: BROWSER_TARGET,
    minify: true,
    legalComments: "none",
    write: false,
    define: { __SELGEO_VERSION__: JSON.stringify(options.version ?? packageVersion()) },
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild produced no output for snippet/selgeo.ts");
  return output.text;
}

export function gzipSize(code: string): number {
  return gzipSync(code, { level: 9 }).length;
}

export async function writeSnippet(file = DIST_FILE): Promise<{ file: string; code: string }> {
  const code = await buildSnippet();
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and renamed, so a server reading the file never serves half a snippet.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, file);
  return { file, code };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { file, code } = await writeSnippet();
  console.log(
    `${file}: ${Buffer.byteLength(code)} bytes, ${gzipSize(code)} bytes gzipped (budget ${GZIP_BUDGET_BYTES})`,
  );
}

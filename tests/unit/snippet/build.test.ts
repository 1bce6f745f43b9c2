import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transform } from "esbuild";
import { describe, expect, it } from "vitest";
import {
  BROWSER_TARGET,
  buildSnippet,
  GZIP_BUDGET_BYTES,
  gzipSize,
  LAZY_GZIP_BUDGET_BYTES,
  packageVersion,
  SnippetOverBudget,
  writeSnippet,
} from "../../../snippet/build";

describe("selgeo.js build", async () => {
  const code = await buildSnippet();
  const lazyCode = await buildSnippet({ part: "lazy" });
  const both = [
    ["selgeo.js", code],
    ["selgeo-lazy.js", lazyCode],
  ] as const;

  it(`stays within the ${GZIP_BUDGET_BYTES} bytes gzipped budget (its lazy part within ${LAZY_GZIP_BUDGET_BYTES})`, () => {
    const size = gzipSize(code);
    console.log(`selgeo.js: ${Buffer.byteLength(code)} bytes, ${size} bytes gzipped`);
    expect(size).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
    expect(gzipSize(lazyCode)).toBeLessThanOrEqual(LAZY_GZIP_BUDGET_BYTES);
  });

  it("the written file is the built code, and the build refuses to write above the budget", async () => {
    const dir = mkdtempSync(join(tmpdir(), "selgeo-snippet-"));
    try {
      const file = join(dir, "selgeo.js");
      const lazyFile = join(dir, "selgeo-lazy.js");
      const written = await writeSnippet(file, GZIP_BUDGET_BYTES, lazyFile);
      expect(readFileSync(file, "utf8")).toBe(written.code);
      expect(readFileSync(lazyFile, "utf8")).toBe(written.lazyCode);
      expect(gzipSize(written.code)).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
      const over = join(dir, "over.js");
      const overLazy = join(dir, "over-lazy.js");
      const refused = writeSnippet(over, gzipSize(code) - 1, overLazy);
      await expect(refused).rejects.toBeInstanceOf(SnippetOverBudget);
      expect(existsSync(over)).toBe(false);
      expect(existsSync(overLazy)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(both)("%s is one self-contained IIFE", (_name, part) => {
    expect(part).toMatch(/^\(\(\)=>\{/);
    expect(part.trimEnd()).toMatch(/\}\)\(\);$/);
    expect(part).not.toMatch(/\bimport\b|\bexport\b|\brequire\(/);
  });

  it("has the package version baked in", () => {
    expect(code).not.toContain("__SELGEO_VERSION__");
    expect(code).toContain(JSON.stringify(packageVersion()));
  });

  it.each(both)(
    "%s uses no syntax newer than its browser target (an old browser must not see a SyntaxError)",
    async (_name, part) => {
      // Lowering to the target changes nothing only if nothing newer was left in the output
      // (not minifying, which would rewrite syntax differently per target on its own).
      const lowered = await transform(part, { target: BROWSER_TARGET });
      const untouched = await transform(part, { target: "esnext" });
      expect(lowered.code).toBe(untouched.code);
    },
  );

  it.each(both)("%s leaves no global behind but window.__selgeo", (_name, part) => {
    expect(part).not.toMatch(/^(var|let|const|function) /m);
  });
});

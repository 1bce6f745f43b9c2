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
  packageVersion,
  SnippetOverBudget,
  writeSnippet,
} from "../../../snippet/build";

describe("selgeo.js build", async () => {
  const code = await buildSnippet();

  it(`stays within the ${GZIP_BUDGET_BYTES} bytes gzipped budget`, () => {
    const size = gzipSize(code);
    console.log(`selgeo.js: ${Buffer.byteLength(code)} bytes, ${size} bytes gzipped`);
    expect(size).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
  });

  it("the written file is the built code, and the build refuses to write above the budget", async () => {
    const dir = mkdtempSync(join(tmpdir(), "selgeo-snippet-"));
    try {
      const file = join(dir, "selgeo.js");
      const written = await writeSnippet(file);
      expect(gzipSize(readFileSync(file, "utf8"))).toBe(gzipSize(written.code));
      expect(gzipSize(written.code)).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
      const over = join(dir, "over.js");
      const refused = writeSnippet(over, gzipSize(code) - 1);
      await expect(refused).rejects.toBeInstanceOf(SnippetOverBudget);
      expect(existsSync(over)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is one self-contained IIFE with the package version baked in", () => {
    expect(code).toMatch(/^\(\(\)=>\{/);
    expect(code.trimEnd()).toMatch(/\}\)\(\);$/);
    expect(code).not.toMatch(/\bimport\b|\bexport\b|\brequire\(/);
    expect(code).not.toContain("__SELGEO_VERSION__");
    expect(code).toContain(JSON.stringify(packageVersion()));
  });

  it("uses no syntax newer than its browser target (an old browser must not see a SyntaxError)", async () => {
    // Lowering to the target changes nothing only if nothing newer was left in the output
    // (not minifying, which would rewrite syntax differently per target on its own).
    const lowered = await transform(code, { target: BROWSER_TARGET });
    const untouched = await transform(code, { target: "esnext" });
    expect(lowered.code).toBe(untouched.code);
  });

  it("leaves no global behind but window.__selgeo", () => {
    expect(code).not.toMatch(/^(var|let|const|function) /m);
  });
});

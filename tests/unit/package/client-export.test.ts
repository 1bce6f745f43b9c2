// `selgeo/client` as a merchant's code imports it: through package.json "exports", the bundle
// `npm run build:client` makes (part of npm run build and prepack), its types from the source.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("package export selgeo/client", () => {
  it("resolves to the built bundle, which exports createSelgeoClient", { timeout: 60_000 }, () => {
    expect(existsSync("client/dist/index.js"), "run npm run build:client").toBe(true);
    const run = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        "const m = await import('selgeo/client'); console.log(typeof m.createSelgeoClient, import.meta.resolve('selgeo/client'));",
      ],
      { encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^function .*\/client\/dist\/index\.js\n$/);
  });

  it("ships the client and points TypeScript at its typed source", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pkg.exports["./client"]).toEqual({
      types: "./client/index.ts",
      default: "./client/dist/index.js",
    });
    expect(pkg.files).toContain("client/");
    expect(pkg.dependencies["openapi-fetch"]).toBeTruthy();
  });
});

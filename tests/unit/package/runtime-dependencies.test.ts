// What `npm install --omit=dev && npm start` needs, checked without installing: every module the
// server can load from its entry point (static and dynamic imports, types left out) comes from a
// runtime dependency, except the build-time modules a lazy loader imports and answers the absence
// of (dependency-cruiser's rules name them); and every local module it loads is in the package
// that `npm pack` makes, with the built snippet, the built dashboard and the error documentation.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cruise, type IModule } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { beforeAll, describe, expect, it } from "vitest";

const ENTRY = "server/bin/selgeo.js";
/** The lazy loaders and what they may load (the same as in .dependency-cruiser.cjs). */
const LAZY_LOADERS = /^server\/(routes\/snippet|support\/doctor\/run)\.ts$/;
const LAZY_TARGETS = /^(snippet\/build\.ts|extension\/automation\/|node_modules\/)/;

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
};

function packageOf(name: string): string {
  const parts = name.split("/");
  return name.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

interface Walk {
  local: Set<string>;
  packages: Set<string>;
  lazy: Set<string>;
}

/** Every module the server can load from ENTRY, past nothing but the lazy loaders' imports. */
function walk(modules: IModule[]): Walk {
  const bySource = new Map(modules.map((module) => [module.source, module]));
  const found: Walk = { local: new Set(), packages: new Set(), lazy: new Set() };
  const queue = [ENTRY];
  while (queue.length > 0) {
    const source = queue.pop() as string;
    if (found.local.has(source)) continue;
    found.local.add(source);
    for (const dependency of bySource.get(source)?.dependencies ?? []) {
      if (dependency.coreModule || dependency.dependencyTypes.includes("type-only")) continue;
      if (
        dependency.dynamic &&
        LAZY_LOADERS.test(source) &&
        LAZY_TARGETS.test(dependency.resolved)
      ) {
        found.lazy.add(dependency.module);
        continue;
      }
      if (dependency.resolved.startsWith("node_modules/")) {
        found.packages.add(packageOf(dependency.module));
      } else {
        queue.push(dependency.resolved);
      }
    }
  }
  return found;
}

describe("a production install (npm install --omit=dev)", () => {
  let reached: Walk;
  beforeAll(async () => {
    const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
    const { output } = await cruise(
      [ENTRY],
      { ...options, ruleSet: { forbidden: [] } },
      undefined,
      { tsConfig: extractTSConfig("tsconfig.json") },
    );
    if (typeof output === "string") throw new Error("dependency-cruiser gave no module graph");
    reached = walk(output.modules);
  }, 60_000);

  it("walks the whole server: the app, the services, every command", () => {
    for (const module of ["server/app.ts", "server/services.ts", "server/cli/serve.ts"]) {
      expect(reached.local).toContain(module);
    }
    expect(reached.lazy).toEqual(
      new Set(["../../snippet/build", "playwright-core", "../../../extension/automation/driver"]),
    );
  });

  it("loads no devDependency, and every package it loads is a runtime dependency", () => {
    const packages = [...reached.packages].sort();
    expect(packages.filter((name) => name in pkg.devDependencies)).toEqual([]);
    expect(packages.filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });

  it("packs every module it loads, the built snippet and dashboard, and the error documentation", () => {
    expect(pkg.scripts.prepack).toContain("build:snippet");
    expect(pkg.scripts.prepack).toContain("build:dashboard");
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const files = new Set(packed?.files.map((file) => file.path));
    expect([...reached.local].filter((module) => !files.has(module))).toEqual([]);
    for (const file of [
      "snippet/dist/selgeo.js",
      "snippet/dist/selgeo-lazy.js",
      "server/dashboard/dist/index.html",
      "docs/errors.md",
      "package.json",
    ]) {
      expect(files).toContain(file);
    }
    // The dashboard's sources are bundled into server/dashboard/dist; the server loads only that.
    expect([...reached.local].filter((module) => module.startsWith("server/dashboard/"))).toEqual(
      [],
    );
  });
});

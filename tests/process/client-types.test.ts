// The client's committed types (client/openapi.ts) are what openapi-typescript makes of the
// server's OpenAPI document today: a route, schema or error changed without
// `npm run build:client` fails here (and in CI).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("client/openapi.ts", () => {
  it("has not drifted from the server's OpenAPI document", { timeout: 120_000 }, () => {
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "./client/build/typescript5.mjs",
        "--import",
        "tsx",
        "client/build/generate-types.ts",
        "--check",
      ],
      { encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("types each operation and each error code's details", () => {
    const types = readFileSync("client/openapi.ts", "utf8");
    expect(types).toContain("createConversion: {");
    expect(types).toContain('code: "CONVERSION_DUPLICATE"');
    expect(types).toContain('"Idempotency-Key"?: components["parameters"]["IdempotencyKey"]');
  });
});

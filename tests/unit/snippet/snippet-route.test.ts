import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppEnv } from "../../../server/http/env";
import { onError } from "../../../server/http/errors";
import {
  acceptsGzip,
  etagMatches,
  loadSnippetCode,
  registerSnippet,
  SNIPPET_LAZY_PATH,
  SNIPPET_PATH,
} from "../../../server/routes/snippet";
import { buildSnippet } from "../../../snippet/build";

const CODE = '"use strict";(()=>{window.__selgeo_test=1})();';

function appServing(code = CODE) {
  const app = new Hono();
  registerSnippet(app, { code });
  return app;
}

describe("GET /v1/selgeo.js", () => {
  it("serves JavaScript any page may load, cacheable for five minutes", async () => {
    const response = await appServing().request(SNIPPET_PATH);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(CODE);
    expect(response.headers.get("content-type")).toBe("application/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(CODE)));
    expect(response.headers.get("etag")).toMatch(/^"[\w-]{27}"$/);
  });

  it("answers 304 without a body when the ETag matches, also weakly or in a list", async () => {
    const app = appServing();
    const etag = (await app.request(SNIPPET_PATH)).headers.get("etag")!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const response = await app.request(SNIPPET_PATH, {
        headers: { "If-None-Match": ifNoneMatch },
      });
      expect(response.status, ifNoneMatch).toBe(304);
      expect(await response.text()).toBe("");
      expect(response.headers.get("etag")).toBe(etag);
      expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    }
    const stale = await app.request(SNIPPET_PATH, { headers: { "If-None-Match": '"old"' } });
    expect(stale.status).toBe(200);
  });

  it("changes the ETag when the code changes", async () => {
    const first = (await appServing().request(SNIPPET_PATH)).headers.get("etag");
    const second = (await appServing(`${CODE};`).request(SNIPPET_PATH)).headers.get("etag");
    expect(first).not.toBe(second);
  });

  it("serves a precompressed gzip copy with its own strong ETag", async () => {
    const app = appServing();
    const plain = await app.request(SNIPPET_PATH);
    const response = await app.request(SNIPPET_PATH, {
      headers: { "Accept-Encoding": "gzip, deflate, br" },
    });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(response.headers.get("vary")).toBe("Accept-Encoding");
    expect(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(CODE);
    const etag = response.headers.get("etag")!;
    expect(etag).not.toBe(plain.headers.get("etag"));
    expect(etag).not.toMatch(/^W\//);
    const revalidated = await app.request(SNIPPET_PATH, {
      headers: { "Accept-Encoding": "gzip", "If-None-Match": etag },
    });
    expect(revalidated.status).toBe(304);
  });

  it("answers HEAD with the headers and no body", async () => {
    const response = await appServing().request(SNIPPET_PATH, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toMatch(/^"/);
    expect(await response.text()).toBe("");
  });

  it("serves the real snippet when given no code (built file, or an in-process build)", async () => {
    const app = new Hono();
    registerSnippet(app);
    const response = await app.request(SNIPPET_PATH);
    expect(response.status).toBe(200);
    const code = await response.text();
    expect(code).toContain("selgeo:debug");
    expect(code).toContain("/api/v1/clicks");
  });
});

describe("GET /v1/selgeo-lazy.js", () => {
  it("serves the lazy part beside selgeo.js, with the same headers and its own ETag", async () => {
    const app = new Hono();
    registerSnippet(app, { code: CODE, lazyCode: `${CODE}/* lazy */` });
    const main = await app.request(SNIPPET_PATH);
    const lazy = await app.request(SNIPPET_LAZY_PATH);
    expect(SNIPPET_LAZY_PATH).toBe("/v1/selgeo-lazy.js");
    expect(lazy.status).toBe(200);
    expect(await lazy.text()).toBe(`${CODE}/* lazy */`);
    for (const name of [
      "content-type",
      "cache-control",
      "access-control-allow-origin",
      "cross-origin-resource-policy",
      "x-content-type-options",
    ]) {
      expect(lazy.headers.get(name), name).toBe(main.headers.get(name));
    }
    expect(lazy.headers.get("etag")).not.toBe(main.headers.get("etag"));
    const revalidated = await app.request(SNIPPET_LAZY_PATH, {
      headers: { "If-None-Match": lazy.headers.get("etag")! },
    });
    expect(revalidated.status).toBe(304);
  });

  it("serves the real lazy part when given no code (built file, or an in-process build)", async () => {
    const app = new Hono();
    registerSnippet(app);
    const response = await app.request(SNIPPET_LAZY_PATH);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("client_reference_id");
  });
});

describe("loadSnippetCode", () => {
  it("builds in-process when the built file is missing (a fresh clone running npm start)", async () => {
    const code = await loadSnippetCode("/nonexistent/selgeo.js");
    expect(code).toBe(await buildSnippet());
  });
});

describe("a production install without the built snippet", () => {
  // A build module whose esbuild cannot be resolved, as after `npm install --omit=dev`.
  let dir: string;
  let withoutEsbuild: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "selgeo-no-esbuild-"));
    withoutEsbuild = join(dir, "build.mjs");
    writeFileSync(
      withoutEsbuild,
      'import { build } from "esbuild-is-not-installed";\nexport const buildSnippet = build;\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("answers 503 UNAVAILABLE naming `npm run build`, and recovers once the file lands", async () => {
    const file = join(dir, "selgeo.js");
    const app = new Hono<AppEnv>();
    app.onError(onError);
    registerSnippet(app, { file, build: () => import(pathToFileURL(withoutEsbuild).href) });

    const response = await app.request(SNIPPET_PATH);
    expect(response.status).toBe(503);
    const { error } = await response.json();
    expect(error.code).toBe("UNAVAILABLE");
    expect(error.message).toContain("npm run build");
    expect(error.message).toContain("esbuild");

    writeFileSync(file, "/* built */");
    const retried = await app.request(SNIPPET_PATH);
    expect(retried.status).toBe(200);
    expect(await retried.text()).toBe("/* built */");
  });
});

describe("etagMatches", () => {
  it("needs a header", () => {
    expect(etagMatches(undefined, '"a"')).toBe(false);
    expect(etagMatches("", '"a"')).toBe(false);
  });

  it("does not match a different tag or an unquoted one", () => {
    expect(etagMatches('"b"', '"a"')).toBe(false);
    expect(etagMatches("a", '"a"')).toBe(false);
  });
});

describe("acceptsGzip", () => {
  it.each([
    ["gzip", true],
    ["gzip, deflate, br, zstd", true],
    ["br;q=1.0, gzip;q=0.8", true],
    ["*", true],
    ["GZIP", true],
    [undefined, false],
    ["", false],
    ["identity", false],
    ["gzip;q=0", false],
    ["*;q=0.5, gzip;q=0", false],
    ["br", false],
  ])("%s → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

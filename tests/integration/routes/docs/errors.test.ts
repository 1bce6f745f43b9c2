// Every error's doc_url leads somewhere true: docs/errors.md has a section for each error code,
// the server serves it at /docs/errors with one anchor per code, and doc_url points there — on
// this server, or under PUBLIC_URL when it is set.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_STATUS, type ErrorCode, errorAnchor } from "../../../../server/contract/errors";
import { ERRORS_DOCUMENT } from "../../../../server/routes/docs/errors";
import { createHarness, type Harness } from "../../../support/harness";

const CODES = Object.keys(ERROR_STATUS) as ErrorCode[];
const markdown = readFileSync(fileURLToPath(ERRORS_DOCUMENT), "utf8");

describe("docs/errors.md", () => {
  it("has one section per error code, and no section for a code that does not exist", () => {
    const sections = [...markdown.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(sections).toEqual(CODES);
  });

  it.each(CODES)("says when %s happens and what to do about it", (code) => {
    const section = markdown.split(`\n## ${code}\n`)[1]?.split("\n## ")[0] ?? "";
    expect(section).toContain(`**${ERROR_STATUS[code]}.**`);
    expect(section).toContain("**What to do:**");
  });
});

describe("GET /docs/errors and doc_url", () => {
  let h: Harness;
  let socket: Harness;
  let behindProxy: Harness;
  beforeAll(async () => {
    h = await createHarness();
    socket = await createHarness({ transport: "socket" });
    behindProxy = await createHarness({ publicUrl: "https://api.shop.example" });
  });
  afterAll(async () => {
    await h.close();
    await socket.close();
    await behindProxy.close();
  });

  it("serves the document as HTML with an anchor for every code", async () => {
    const res = await h.get("/docs/errors");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    for (const code of CODES) expect(res.text).toContain(`id="${errorAnchor(code)}"`);
  });

  it("links each error to its section on the server that answered (over a socket too)", async () => {
    for (const harness of [h, socket]) {
      const res = await harness.get("/api/v1/conversions", { key: "sk_test_nope" });
      expect(res.body.error.code).toBe("INVALID_API_KEY");
      const docUrl = new URL(res.body.error.doc_url);
      expect(docUrl.pathname).toBe("/docs/errors");
      expect(docUrl.hash).toBe("#invalid-api-key");
      const page = await harness.get(docUrl.pathname);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`id="${docUrl.hash.slice(1)}"`);
    }
    // Over a socket the link is the address the request reached, so a browser can follow it.
    const res = await socket.post("/api/v1/clicks", { rawBody: "{nope" });
    expect(res.body.error.code).toBe("INVALID_JSON");
    const followed = await fetch(res.body.error.doc_url);
    expect(followed.status).toBe(200);
    expect(await followed.text()).toContain('id="invalid-json"');
  });

  it("links under PUBLIC_URL when the operator set it", async () => {
    const res = await behindProxy.get("/api/v1/nope");
    expect(res.body.error.doc_url).toBe("https://api.shop.example/docs/errors#not-found");
  });
});

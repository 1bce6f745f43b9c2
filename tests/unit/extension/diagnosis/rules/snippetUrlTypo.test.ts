import { describe, expect, it } from "vitest";
import { snippetUrlTypo } from "../../../../../extension/diagnosis/rules/snippetUrlTypo";
import { healthyWith, snapshot, snippetRequest, tag } from "../../timeline";

const TYPO = "https://cdn.selgeo.com/v1/selgoe.js";

describe("snippetUrlTypo", () => {
  it("fires on a 404 for the tag's src and suggests the right path on that host", () => {
    const o = healthyWith([snippetRequest({ url: TYPO, status: 404 })], {
      without: ["request", "debug_event"],
      snapshot: { tags: [tag({ src: TYPO, loadState: "error" })] },
    });
    const finding = snippetUrlTypo(o);
    expect(finding).toMatchObject({ id: "snippet-url-typo", severity: "error" });
    expect(finding && !Array.isArray(finding) && finding.fix).toContain(
      'src="https://cdn.selgeo.com/v1/selgeo.js"',
    );
    expect(finding && !Array.isArray(finding) && finding.evidence[0]).toContain("→ 404");
  });

  it("a 404 whose body Chrome blocked (ORB) is the server's 404 with its request id, not an unreachable host", () => {
    const o = healthyWith(
      [
        snippetRequest({
          url: TYPO,
          status: 404,
          requestId: "req_typo404",
          contentType: "application/json",
          error: "net::ERR_BLOCKED_BY_ORB",
        }),
      ],
      {
        without: ["request", "debug_event"],
        snapshot: { tags: [tag({ src: TYPO, loadState: "error" })] },
      },
    );
    const finding = snippetUrlTypo(o);
    const f = Array.isArray(finding) ? finding[0] : finding;
    expect(f?.cause).toContain(
      "Snippet URL typo: the server answered 404 (request id req_typo404)",
    );
    expect(f?.cause).not.toMatch(/cannot be reached|ERR_BLOCKED_BY_ORB/);
    expect(f?.evidence[0]).toContain("→ 404 (X-Request-Id req_typo404)");
    expect(f?.evidence[0]).toContain("then blocked by the browser (net::ERR_BLOCKED_BY_ORB)");
  });

  it("fires when the snippet host does not resolve", () => {
    const src = "https://cdn.selgeo.co/v1/selgeo.js";
    const o = healthyWith(
      [snippetRequest({ url: src, status: null, error: "net::ERR_NAME_NOT_RESOLVED" })],
      {
        without: ["request", "debug_event"],
        snapshot: { tags: [tag({ src, loadState: "error" })] },
      },
    );
    expect(snippetUrlTypo(o)).toMatchObject({ id: "snippet-url-typo" });
  });

  it("leaves requests blocked by an extension to blockedByClient", () => {
    const o = healthyWith([snippetRequest({ status: null, error: "net::ERR_BLOCKED_BY_CLIENT" })], {
      without: ["request", "debug_event"],
      snapshot: { tags: [tag({ loadState: "error" })] },
    });
    expect(snippetUrlTypo(o)).toBeNull();
  });

  it("stays quiet when the file loads", () => {
    expect(snippetUrlTypo(healthyWith([]))).toBeNull();
    expect(snapshot().tags[0]?.loadState).toBe("loaded");
  });
});

import { describe, expect, it } from "vitest";
import { lazyNotFound } from "../../../../../extension/diagnosis/rules/lazyNotFound";
import { lazyFailedWith, lazyRequest, tag } from "../../timeline";

const SELF_HOSTED = "https://shop.example.com/assets/selgeo.js";
const SELF_HOSTED_LAZY = "https://shop.example.com/assets/selgeo-lazy.js";
const selfHosted = { tags: [tag({ src: SELF_HOSTED, api: "https://api.selgeo.com" })] };

describe("lazyNotFound", () => {
  it("a self-hosted selgeo.js copied alone: its sibling answers 404", () => {
    const o = lazyFailedWith(
      [lazyRequest({ url: SELF_HOSTED_LAZY, status: 404, contentType: "text/plain" })],
      { snapshot: selfHosted },
    );
    const finding = lazyNotFound(o);
    expect(finding).toMatchObject({ id: "lazy-not-found", severity: "error" });
    const f = finding && !Array.isArray(finding) ? finding : null;
    expect(f?.cause).toContain(`${SELF_HOSTED_LAZY} answered 404`);
    expect(f?.fix).toContain(`Copy selgeo-lazy.js next to selgeo.js so that ${SELF_HOSTED_LAZY}`);
    expect(f?.evidence).toContain(`GET ${SELF_HOSTED_LAZY} → 404 text/plain`);
  });

  it("a catch-all route answering the shop's HTML for the missing file", () => {
    const o = lazyFailedWith(
      [
        lazyRequest({
          url: SELF_HOSTED_LAZY,
          status: 200,
          contentType: "text/html; charset=utf-8",
        }),
      ],
      { snapshot: selfHosted },
    );
    const finding = lazyNotFound(o);
    expect(finding && !Array.isArray(finding) && finding.cause).toContain("answered an HTML page");
  });

  it("stays quiet for the script itself, a server error or a network failure", () => {
    expect(lazyNotFound(lazyFailedWith([lazyRequest()]))).toBeNull();
    expect(lazyNotFound(lazyFailedWith([lazyRequest({ status: 503 })]))).toBeNull();
    expect(
      lazyNotFound(lazyFailedWith([lazyRequest({ status: null, error: "net::ERR_FAILED" })])),
    ).toBeNull();
  });
});

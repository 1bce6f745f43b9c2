import { describe, expect, it } from "vitest";
import { snippetMissing } from "../../../../../extension/diagnosis/rules/snippetMissing";
import { healthyWith, observations, PAGE_URL, snapshot } from "../../timeline";

describe("snippetMissing", () => {
  it("fires once the page settled with no snippet tag", () => {
    const finding = snippetMissing(
      observations([{ kind: "navigation", url: PAGE_URL }, snapshot({ tags: [] })]),
    );
    expect(finding).toMatchObject({
      id: "snippet-missing",
      severity: "error",
      section: "Snippet not loading",
    });
    expect(finding && !Array.isArray(finding) && finding.fix).toContain(
      'data-merchant="pk_test_YOUR_KEY"',
    );
  });

  it("waits while the page is still loading (a tag manager may add the tag later)", () => {
    expect(snippetMissing(observations([snapshot({ tags: [], phase: "complete" })]))).toBeNull();
  });

  it("stays quiet when a tag exists", () => {
    expect(snippetMissing(healthyWith([]))).toBeNull();
  });
});

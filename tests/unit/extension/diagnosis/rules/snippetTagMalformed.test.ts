import { describe, expect, it } from "vitest";
import { snippetTagMalformed } from "../../../../../extension/diagnosis/rules/snippetTagMalformed";
import { healthyWith, KEYS, observations, snapshot, tag } from "../../timeline";

describe("snippetTagMalformed", () => {
  it("names the misspelt attribute and the exact rename", () => {
    const o = observations([
      snapshot({
        tags: [
          tag({
            merchant: null,
            keyLikeAttributes: [{ name: "data-merchnat", value: KEYS.pk_live }],
          }),
        ],
      }),
    ]);
    const finding = snippetTagMalformed(o);
    expect(finding).toMatchObject({ id: "snippet-tag-malformed", severity: "error" });
    expect(finding && !Array.isArray(finding) && finding.cause).toContain("data-merchnat");
    expect(finding && !Array.isArray(finding) && finding.fix).toBe(
      `Rename the attribute: data-merchant="${KEYS.pk_live}"`,
    );
  });

  it("asks for data-merchant when the tag has no key at all", () => {
    const finding = snippetTagMalformed(
      observations([snapshot({ tags: [tag({ merchant: null })] })]),
    );
    expect(finding && !Array.isArray(finding) && finding.fix).toContain("data-merchant=");
  });

  it("stays quiet for a tag with data-merchant", () => {
    expect(snippetTagMalformed(healthyWith([]))).toBeNull();
  });
});

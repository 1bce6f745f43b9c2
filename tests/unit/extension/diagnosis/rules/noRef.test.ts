import { describe, expect, it } from "vitest";
import { noRef } from "../../../../../extension/diagnosis/rules/noRef";
import { healthyWith, tag } from "../../timeline";

describe("noRef", () => {
  it("informs that no click is recorded without ?ref=", () => {
    const finding = noRef(
      healthyWith([], { snapshot: { url: "https://shop.example.com/pricing" } }),
    );
    expect(finding).toMatchObject({ id: "no-ref", severity: "info" });
    expect(finding && !Array.isArray(finding) && finding.fix).toContain("?ref=PARTNER_REF");
  });

  it("warns when the URL carries another affiliate parameter the snippet does not read", () => {
    const finding = noRef(
      healthyWith([], { snapshot: { url: "https://shop.example.com/?via=demo" } }),
    );
    expect(finding).toMatchObject({ severity: "warning" });
    expect(finding && !Array.isArray(finding) && finding.fix).toBe(
      'Tell the snippet which parameters to read: data-ref-params="ref,via"',
    );
  });

  it("honours data-ref-params", () => {
    const o = healthyWith([], {
      snapshot: { url: "https://shop.example.com/?via=demo", tags: [tag({ refParams: "via" })] },
    });
    expect(noRef(o)).toBeNull();
  });

  it("stays quiet when ?ref= is present", () => {
    expect(noRef(healthyWith([]))).toBeNull();
  });
});

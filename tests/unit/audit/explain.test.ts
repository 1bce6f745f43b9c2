import { describe, expect, it } from "vitest";
import { explainReason } from "../../../server/audit/explain";
import { ATTRIBUTION_REASONS } from "../../../server/contract/attribution-reasons";

describe("explainReason", () => {
  it.each([...ATTRIBUTION_REASONS, "CONVERSION_DUPLICATE"])("explains %s", (reason) => {
    const explanation = explainReason(reason);
    expect(explanation?.reason).toBe(reason);
    expect(explanation?.cause.length).toBeGreaterThan(20);
    // Attributed decisions (by click, by ref, by promotion code) fall under no guide section.
    const attributed = reason.startsWith("ATTRIBUTED");
    if (!attributed) {
      expect(explanation?.guide_section).toMatch(/^Conversions not attributed › /);
      expect(explanation?.fix.length).toBeGreaterThan(20);
    } else expect(explanation?.guide_section).toBeNull();
  });

  it("points each unattributed reason at the guide's fix", () => {
    expect(explainReason("CLICK_ID_MISSING")?.fix).toContain("aff_click_id");
    expect(explainReason("MODE_MISMATCH")?.cause).toContain("pk_test_");
    expect(explainReason("ATTRIBUTION_WINDOW_EXPIRED")?.fix).toContain("Programs › Settings");
    expect(explainReason("PARTNER_NOT_APPROVED")?.cause).toContain(
      "pending, rejected or suspended",
    );
    expect(explainReason("CONVERSION_DUPLICATE")?.cause).toContain("409");
  });

  it('gives an ATTRIBUTED decision no "Conversions not attributed" heading (no guide section applies)', () => {
    expect(explainReason("ATTRIBUTED")).toMatchObject({ guide_section: null, fix: "" });
  });

  it("returns undefined for codes the guide does not cover", () => {
    expect(explainReason("REFUNDED_IN_PART")).toBeUndefined();
    expect(explainReason("toString")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { testModeKey } from "../../../../../extension/diagnosis/rules/testModeKey";
import { healthyWith, KEYS, keyCheck, PAGE_URL, snapshot, tag } from "../../timeline";

const testKey = (url: string) =>
  healthyWith([keyCheck({ valid: true, mode: "test", merchant: "Acme" })], {
    without: ["key_check"],
    snapshot: { url, tags: [tag({ merchant: KEYS.pk_test })] },
  });

describe("testModeKey", () => {
  it("warns on a production host: clicks appear only in test mode", () => {
    const finding = testModeKey(testKey(PAGE_URL));
    expect(finding).toMatchObject({ id: "test-mode-key", severity: "warning" });
    expect(finding && !Array.isArray(finding) && finding.fix).toContain("Toggle the mode selector");
    expect(finding && !Array.isArray(finding) && finding.fix).toContain("GET /api/v1/clicks");
  });

  it("is only information on a development host", () => {
    expect(testModeKey(testKey("http://localhost:3000/?ref=demo"))).toMatchObject({
      severity: "info",
    });
  });

  it("stays quiet for live keys and for test keys the API rejected", () => {
    expect(testModeKey(healthyWith([]))).toBeNull();
    const rejected = healthyWith([keyCheck({ valid: false, reason: "REVOKED" })], {
      without: ["key_check"],
      snapshot: { tags: [tag({ merchant: KEYS.pk_test })] },
    });
    expect(testModeKey(rejected)).toBeNull();
    expect(snapshot().tags).toHaveLength(1);
  });
});

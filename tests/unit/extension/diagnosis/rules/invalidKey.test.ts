import { describe, expect, it } from "vitest";
import { invalidKey } from "../../../../../extension/diagnosis/rules/invalidKey";
import { healthyWith, keyCheck, tag } from "../../timeline";

describe("invalidKey", () => {
  it("fires for a key that is not pk_test_/pk_live_", () => {
    const finding = invalidKey(
      healthyWith([], {
        without: ["key_check"],
        snapshot: { tags: [tag({ merchant: "pk_test_YOUR_KEY" })] },
      }),
    );
    expect(finding).toMatchObject({ id: "invalid-key", severity: "error" });
    expect(finding && !Array.isArray(finding) && finding.cause).toContain(
      "not a pk_test_* or pk_live_* key",
    );
  });

  it("fires for an empty data-merchant", () => {
    expect(
      invalidKey(
        healthyWith([], { without: ["key_check"], snapshot: { tags: [tag({ merchant: "" })] } }),
      ),
    ).toMatchObject({ id: "invalid-key" });
  });

  it.each([
    ["UNKNOWN", "no Selgeo account"],
    ["REVOKED", "revoked"],
  ])("fires when keys/check answers %s", (reason, words) => {
    const finding = invalidKey(
      healthyWith([keyCheck({ valid: false, reason })], { without: ["key_check"] }),
    );
    expect(finding && !Array.isArray(finding) && finding.cause).toContain(words);
    expect(finding && !Array.isArray(finding) && finding.evidence.join(" ")).toContain(
      "req_check1",
    );
  });

  it("leaves secret keys to secretKeyExposed and valid keys alone", () => {
    expect(
      invalidKey(healthyWith([], { snapshot: { tags: [tag({ merchant: "sk_live_…SSSS" })] } })),
    ).toBeNull();
    expect(invalidKey(healthyWith([]))).toBeNull();
  });

  it("does not guess when keys/check could not be reached", () => {
    expect(
      invalidKey(healthyWith([keyCheck(null, "Failed to fetch")], { without: ["key_check"] })),
    ).toBeNull();
  });
});

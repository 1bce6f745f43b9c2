import { describe, expect, it } from "vitest";
import { secretKeyExposed } from "../../../../../extension/diagnosis/rules/secretKeyExposed";
import { healthyWith, KEYS, tag } from "../../timeline";

describe("secretKeyExposed", () => {
  it("fires for a secret key in data-merchant", () => {
    const finding = secretKeyExposed(
      healthyWith([], {
        without: ["key_check"],
        snapshot: { tags: [tag({ merchant: KEYS.sk_live_masked })] },
      }),
    );
    expect(finding).toMatchObject({ id: "secret-key-exposed", severity: "error" });
    expect(finding && !Array.isArray(finding) && finding.fix).toContain("roll it now");
  });

  it("fires for a secret key anywhere in the page's HTML, next to a good public key", () => {
    const finding = secretKeyExposed(
      healthyWith([], {
        snapshot: { exposedSecrets: [{ key: KEYS.sk_live_masked, where: "inline script" }] },
      }),
    );
    expect(finding && !Array.isArray(finding) && finding.evidence).toEqual([
      "sk_live_…SSSS in inline script",
    ]);
  });

  it("stays quiet on a page with only a publishable key", () => {
    expect(secretKeyExposed(healthyWith([]))).toBeNull();
  });
});

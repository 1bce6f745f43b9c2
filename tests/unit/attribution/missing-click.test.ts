import { describe, expect, it } from "vitest";
import { decideAttribution } from "../../../server/attribution/decide";
import { missingClickDetail } from "../../../server/attribution/missing-click";
import { FAILED_CLICK_PREFIX, failedClickRef } from "../../../server/contract/failed-click";

describe("the failed-click stand-in", () => {
  it("names its ref; real click ids and the merchant's own references are not stand-ins", () => {
    expect(failedClickRef(`${FAILED_CLICK_PREFIX}bob-42`)).toBe("bob-42");
    expect(failedClickRef(FAILED_CLICK_PREFIX)).toBeNull();
    expect(failedClickRef("clk_3kTmq9aZ1B7cXy0Lp2Qw4Rte")).toBeNull();
    expect(failedClickRef("order_42")).toBeNull();
    expect(failedClickRef(null)).toBeNull();
  });

  it("is CLICK_ID_MISSING, never a click to look up", () => {
    const facts = {
      click_id: `${FAILED_CLICK_PREFIX}bob`,
      conversion_mode: "test" as const,
      occurred_at: "2026-01-01T00:00:00.000Z",
      click: null,
    };
    expect(decideAttribution(facts)).toEqual({
      decision: "unattributed",
      reason: "CLICK_ID_MISSING",
    });
  });
});

describe("missingClickDetail", () => {
  it("says why a click id was missing, when the server can tell", () => {
    expect(missingClickDetail("CLICK_ID_MISSING", null, "api")).toBe("api_without_click_id");
    expect(missingClickDetail("CLICK_ID_MISSING", null, "stripe")).toBe("stripe_without_reference");
    for (const source of ["api", "stripe"] as const) {
      expect(missingClickDetail("CLICK_ID_MISSING", `${FAILED_CLICK_PREFIX}x`, source)).toBe(
        "click_failed_in_browser",
      );
    }
  });

  it("is null for every other reason", () => {
    for (const reason of ["CLICK_NOT_FOUND", "MODE_MISMATCH", "ATTRIBUTED"]) {
      expect(missingClickDetail(reason, "clk_x", "api")).toBeNull();
    }
  });
});

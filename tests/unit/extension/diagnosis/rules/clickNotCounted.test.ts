import { describe, expect, it } from "vitest";
import { clickNotCounted } from "../../../../../extension/diagnosis/rules/clickNotCounted";
import { debug, healthyWith } from "../../timeline";

describe("clickNotCounted", () => {
  it("warns when the API took this browser for a bot", () => {
    const o = healthyWith(
      [debug({ type: "click_failed", status: 200, code: "bot", ref: "demo" })],
      { without: ["debug_event"] },
    );
    expect(clickNotCounted(o)).toMatchObject({ id: "click-not-counted", severity: "warning" });
  });

  it("stays quiet for other failures and for recorded clicks", () => {
    expect(
      clickNotCounted(healthyWith([debug({ type: "click_failed", status: 0, ref: "demo" })])),
    ).toBeNull();
    expect(clickNotCounted(healthyWith([]))).toBeNull();
  });
});

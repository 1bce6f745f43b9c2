import { describe, expect, it } from "vitest";
import { clickRejected } from "../../../../../extension/diagnosis/rules/clickRejected";
import { debug, healthyWith, request } from "../../timeline";

describe("clickRejected", () => {
  it("explains an unknown ref", () => {
    const o = healthyWith(
      [
        request({ status: 404, requestId: "req_404" }),
        debug({ type: "click_failed", status: 404, code: "REFERRAL_NOT_FOUND", ref: "dmeo" }),
      ],
      { without: ["request", "debug_event"] },
    );
    const finding = clickRejected(o);
    expect(finding).toMatchObject({ id: "click-rejected", severity: "error" });
    expect(finding && !Array.isArray(finding) && finding.cause).toContain("matches no partner");
  });

  it("explains an origin lock", () => {
    const o = healthyWith([
      debug({ type: "click_failed", status: 403, code: "ORIGIN_NOT_ALLOWED", ref: "demo" }),
    ]);
    expect(clickRejected(o) && JSON.stringify(clickRejected(o))).toContain("allowed_origins");
  });

  it("falls back to the generic cause for a code a page made up, even an inherited name", () => {
    const o = healthyWith([
      debug({ type: "click_failed", status: 400, code: "constructor", ref: "demo" }),
    ]);
    const finding = clickRejected(o);
    expect(finding && !Array.isArray(finding) && finding.cause).not.toContain("undefined");
  });

  it("leaves 429, 401 and bot answers to their own rules", () => {
    expect(
      clickRejected(healthyWith([request({ status: 429 })], { without: ["request"] })),
    ).toBeNull();
    expect(
      clickRejected(healthyWith([request({ status: 401 })], { without: ["request"] })),
    ).toBeNull();
    expect(
      clickRejected(
        healthyWith([debug({ type: "click_failed", status: 200, code: "bot", ref: "demo" })]),
      ),
    ).toBeNull();
  });
});

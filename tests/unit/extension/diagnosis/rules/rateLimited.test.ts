import { describe, expect, it } from "vitest";
import { rateLimited } from "../../../../../extension/diagnosis/rules/rateLimited";
import { debug, healthyWith, request } from "../../timeline";

describe("rateLimited", () => {
  it("fires on a 429 with Retry-After and the request id", () => {
    const o = healthyWith(
      [
        request({ status: 429, retryAfter: "42", requestId: "req_429" }),
        debug({ type: "rate_limited", retry_after: 42, ref: "demo" }),
      ],
      { without: ["request", "debug_event"] },
    );
    const finding = rateLimited(o);
    expect(finding).toMatchObject({ id: "rate-limited", severity: "error" });
    expect(finding && !Array.isArray(finding) && finding.fix).toContain("after 42 s");
    expect(finding && !Array.isArray(finding) && finding.evidence[0]).toContain("req_429");
    expect(finding && !Array.isArray(finding) && finding.cause).toContain(
      "1,000 requests per minute",
    );
  });

  it("fires from the snippet's debug event alone (request not seen)", () => {
    expect(
      rateLimited(healthyWith([debug({ type: "rate_limited", retry_after: null, ref: "demo" })])),
    ).toMatchObject({ id: "rate-limited" });
  });

  it("stays quiet without a 429", () => {
    expect(rateLimited(healthyWith([]))).toBeNull();
  });
});

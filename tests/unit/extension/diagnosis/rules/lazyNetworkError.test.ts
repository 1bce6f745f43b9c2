import { describe, expect, it } from "vitest";
import { lazyNetworkError } from "../../../../../extension/diagnosis/rules/lazyNetworkError";
import { lazyFailedWith, lazyRequest } from "../../timeline";

describe("lazyNetworkError", () => {
  it.each([
    [{ status: null, error: "net::ERR_CONNECTION_RESET" }, /failed with net::ERR_CONNECTION_RESET/],
    [{ status: 502, error: null }, /the server answered 502/],
  ])("fires when selgeo-lazy.js never arrived: %j", (outcome, cause) => {
    const finding = lazyNetworkError(lazyFailedWith([lazyRequest(outcome)]));
    expect(finding).toMatchObject({ id: "lazy-network-error", severity: "error" });
    expect(finding && !Array.isArray(finding) && finding.cause).toMatch(cause);
  });

  it("leaves a blocker, a 404 and a page that navigated away to others", () => {
    for (const outcome of [
      { status: null, error: "net::ERR_BLOCKED_BY_CLIENT" },
      { status: 404, error: null },
      { status: null, error: "net::ERR_ABORTED" },
    ]) {
      expect(lazyNetworkError(lazyFailedWith([lazyRequest(outcome)]))).toBeNull();
    }
  });
});

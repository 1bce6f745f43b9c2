import { describe, expect, it } from "vitest";
import { diagnose } from "../../../../../extension/diagnosis/diagnose";
import { lazyBlockedByClient } from "../../../../../extension/diagnosis/rules/lazyBlockedByClient";
import { lazyFailedWith, lazyRequest } from "../../timeline";

describe("lazyBlockedByClient", () => {
  it.each(["net::ERR_BLOCKED_BY_CLIENT", "NS_ERROR_ABORT"])(
    "fires when an extension cancelled selgeo-lazy.js (%s), and blocked-by-client does not",
    (error) => {
      const o = lazyFailedWith([lazyRequest({ status: null, error })]);
      const finding = lazyBlockedByClient(o);
      expect(finding).toMatchObject({ id: "lazy-blocked-by-client", severity: "error" });
      const f = finding && !Array.isArray(finding) ? finding : null;
      expect(f?.evidence.join("\n")).toMatch(/selgeo-lazy\.js → (net::ERR_BLOCKED_BY_CLIENT|NS_)/);
      expect(f?.fix).toContain("incognito window with extensions disabled");
      expect(diagnose(o).map((x) => x.id)).toEqual(["lazy-blocked-by-client"]);
    },
  );

  it("stays quiet when selgeo-lazy.js loaded or failed otherwise", () => {
    expect(lazyBlockedByClient(lazyFailedWith([lazyRequest()]))).toBeNull();
    expect(
      lazyBlockedByClient(
        lazyFailedWith([lazyRequest({ status: null, error: "net::ERR_CONNECTION_RESET" })]),
      ),
    ).toBeNull();
  });
});

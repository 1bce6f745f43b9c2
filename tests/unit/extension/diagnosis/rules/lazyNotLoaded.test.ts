import { describe, expect, it } from "vitest";
import { diagnose } from "../../../../../extension/diagnosis/diagnose";
import { lazyNotLoaded } from "../../../../../extension/diagnosis/rules/lazyNotLoaded";
import { healthyWith, LAZY_SRC, lazyFailedWith, lazyRequest, violation } from "../../timeline";

describe("lazyNotLoaded", () => {
  it("the click was sent, selgeo-lazy.js was never requested, and the page settled", () => {
    const o = lazyFailedWith([]);
    const finding = lazyNotLoaded(o);
    expect(finding).toMatchObject({ id: "lazy-not-loaded", severity: "warning" });
    expect(finding && !Array.isArray(finding) && finding.evidence).toContain(
      "No request for selgeo-lazy.js seen",
    );
    expect(diagnose(o).map((f) => [f.id, f.consequences.map((c) => c.id)])).toEqual([
      ["lazy-not-loaded", ["click-not-recorded"]],
    ]);
  });

  it("downloaded but never ran (an old or altered copy)", () => {
    const finding = lazyNotLoaded(lazyFailedWith([lazyRequest()]));
    expect(finding && !Array.isArray(finding) && finding.cause).toContain("it was downloaded");
  });

  it("stays quiet when the lazy part announced itself, or before the page settled", () => {
    expect(lazyNotLoaded(healthyWith([lazyRequest()]))).toBeNull();
    expect(lazyNotLoaded(lazyFailedWith([], { snapshot: { phase: "complete" } }))).toBeNull();
  });

  it("stays quiet when a more specific rule names the cause", () => {
    for (const extra of [
      lazyRequest({ status: 404 }),
      lazyRequest({ status: null, error: "net::ERR_BLOCKED_BY_CLIENT" }),
      lazyRequest({ status: 200, contentType: "text/html" }),
      violation({
        blockedUrl: LAZY_SRC,
        originalPolicy: `script-src ${LAZY_SRC.replace("-lazy", "")}`,
      }),
    ]) {
      expect(lazyNotLoaded(lazyFailedWith([extra]))).toBeNull();
    }
  });

  it("stays quiet without a click request (nothing needed the lazy part at once)", () => {
    expect(
      lazyNotLoaded(
        healthyWith([], {
          without: ["request", "debug_event"],
          snapshot: { storedClick: { local: null, cookie: null } },
        }),
      ),
    ).toBeNull();
  });
});

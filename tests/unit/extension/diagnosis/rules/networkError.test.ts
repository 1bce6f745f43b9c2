import { describe, expect, it } from "vitest";
import { networkError } from "../../../../../extension/diagnosis/rules/networkError";
import { debug, healthyWith, keyCheck, request, snapshot, tag, violation } from "../../timeline";

describe("networkError", () => {
  it("fires when the click request is refused", () => {
    const o = healthyWith(
      [request({ status: null, error: "net::ERR_CONNECTION_REFUSED", requestId: null })],
      { without: ["request"] },
    );
    const finding = networkError(o);
    expect(finding).toMatchObject({ id: "network-error", severity: "error" });
    expect(finding && !Array.isArray(finding) && finding.cause).toContain(
      "net::ERR_CONNECTION_REFUSED",
    );
  });

  it("recognises CORS: the API answered but the page saw status 0", () => {
    const o = healthyWith([request(), debug({ type: "click_failed", status: 0, ref: "demo" })], {
      without: ["request"],
    });
    expect(networkError(o) && JSON.stringify(networkError(o))).toContain("CORS");
  });

  it("reports an unreachable API from keys/check when the page sent nothing", () => {
    const o = healthyWith([keyCheck(null, "Failed to fetch")], {
      without: ["request", "key_check"],
    });
    expect(networkError(o)).toMatchObject({ id: "network-error" });
  });

  it("leaves CSP, blockers and aborted navigations to their own rules", () => {
    const csp = violation({
      blockedUrl: "https://api.selgeo.com/api/v1/clicks",
      effectiveDirective: "connect-src",
    });
    expect(
      networkError(
        healthyWith([csp, debug({ type: "click_failed", status: 0, ref: "demo" })], {
          without: ["request"],
        }),
      ),
    ).toBeNull();
    expect(
      networkError(
        healthyWith([request({ status: null, error: "net::ERR_BLOCKED_BY_CLIENT" })], {
          without: ["request"],
        }),
      ),
    ).toBeNull();
    expect(
      networkError(
        healthyWith([request({ status: null, error: "net::ERR_ABORTED" })], {
          without: ["request"],
        }),
      ),
    ).toBeNull();
    expect(snapshot().phase).toBe("settled");
  });

  it("stays quiet on a healthy page", () => {
    expect(networkError(healthyWith([]))).toBeNull();
  });
});

describe("networkError: mixed content", () => {
  it("an https page with an http data-api: blocked before it leaves, the https address as fix", () => {
    const o = healthyWith([debug({ type: "click_failed", status: 0, ref: "demo" })], {
      without: ["request", "debug_event"],
      snapshot: {
        tags: [tag({ api: "http://shop.example.com/_selgeo" })],
        storedClick: { local: null, cookie: null },
      },
    });
    const found = networkError(o);
    const f = Array.isArray(found) ? found[0] : found;
    expect(f?.cause).toMatch(/mixed content/);
    expect(f?.fix).toContain('data-api="https://shop.example.com/_selgeo"');
  });

  it("loopback over http stays allowed from https (potentially trustworthy)", () => {
    const o = healthyWith([], { snapshot: { tags: [tag({ api: "http://127.0.0.1:4000" })] } });
    expect(networkError(o)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { diagnose } from "../../../../../extension/diagnosis/diagnose";
import { apiAnswerNotSelgeo } from "../../../../../extension/diagnosis/rules/apiAnswerNotSelgeo";
import { pageStatus } from "../../../../../extension/diagnosis/status";
import { debug, healthyWith, KEYS, request, tag } from "../../timeline";

const PROXY = "https://shop.example.com/_selgeo";
const loaded = debug({ type: "loaded", version: "1", key: KEYS.pk_live, api: PROXY });

/** The proxy forwards nothing: the shop answers the click with its own HTML page, 200. */
function shopAnsweredTheClick() {
  return healthyWith(
    [
      loaded,
      request({
        url: `${PROXY}/api/v1/clicks`,
        status: 200,
        requestId: null,
        contentType: "text/html; charset=utf-8",
      }),
      debug({ type: "click_failed", status: 200, ref: "demo" }),
    ],
    {
      without: ["request", "debug_event"],
      snapshot: {
        tags: [tag({ api: PROXY })],
        storedClick: { local: null, cookie: null },
      },
    },
  );
}

const first = (found: ReturnType<typeof apiAnswerNotSelgeo>) =>
  Array.isArray(found) ? found[0] : found;

describe("apiAnswerNotSelgeo", () => {
  it("a first-party proxy answered by the shop's HTML: an error naming the proxy's path", () => {
    const f = first(apiAnswerNotSelgeo(shopAnsweredTheClick()));
    expect(f).toMatchObject({ id: "api-answer-not-selgeo", severity: "error" });
    expect(f?.cause).toContain(`${PROXY}/api/v1/clicks was answered 200 text/html`);
    expect(f?.cause).toContain("no X-Request-Id");
    expect(f?.cause).toContain("/_selgeo/");
    expect(f?.fix).toContain("docs/first-party-proxy.md");
    expect(f?.evidence.join("\n")).toContain("click_failed status 200");
  });

  it("is never healthy: health error, the missing click under it", () => {
    const o = shopAnsweredTheClick();
    const findings = diagnose(o);
    expect(findings.map((f) => [f.id, f.consequences.map((c) => c.id)])).toEqual([
      ["api-answer-not-selgeo", ["click-not-recorded"]],
    ]);
    expect(pageStatus(o, findings).health).toBe("error");
  });

  it("the snippet's word alone is enough (no request recorded)", () => {
    const o = healthyWith([loaded, debug({ type: "click_failed", status: 200, ref: "demo" })], {
      without: ["request", "debug_event"],
      snapshot: { tags: [tag({ api: "https://shop.example.com" })] },
    });
    const f = first(apiAnswerNotSelgeo(o));
    expect(f?.cause).toContain("data-api points at a server that is not Selgeo");
  });

  it("stays quiet for Selgeo's own answers, bot answers and errors", () => {
    expect(apiAnswerNotSelgeo(healthyWith([]))).toBeNull();
    const bot = healthyWith([debug({ type: "click_failed", status: 200, code: "bot", ref: "x" })]);
    expect(apiAnswerNotSelgeo(bot)).toBeNull();
    const rejected = healthyWith([request({ status: 404, requestId: "req_1" })], {
      without: ["request"],
    });
    expect(apiAnswerNotSelgeo(rejected)).toBeNull();
  });
});

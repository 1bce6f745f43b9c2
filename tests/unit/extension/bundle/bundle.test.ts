import { describe, expect, it } from "vitest";
import { buildSupportBundle } from "../../../../extension/bundle/build";
import { parseSupportBundle, supportBundleSchema } from "../../../../extension/bundle/schema";
import { buildSessionView } from "../../../../extension/session/view";
import { entries, healthyEvents, KEYS, request } from "../timeline";

function bundleOf(extra = [request({ status: 429, requestId: "req_429" })]) {
  const timeline = entries([...healthyEvents(), ...extra]);
  const view = buildSessionView({
    tabId: 1,
    pages: [
      {
        pageId: "p1",
        tabId: 1,
        url: "https://shop.example.com/pricing?ref=demo",
        startedAt: 0,
        documentToken: "t",
      },
    ],
    pageEntries: timeline,
    allEntries: null,
  });
  return buildSupportBundle(view, {
    exportedAt: new Date("2030-01-02T03:04:05Z"),
    version: "0.1.0",
    userAgent: "UA",
  });
}

describe("support bundle", () => {
  it("validates against the shared schema and round-trips through JSON", () => {
    const bundle = bundleOf();
    expect(parseSupportBundle(JSON.parse(JSON.stringify(bundle)))).toEqual(bundle);
  });

  it("masks every key but keeps request ids", () => {
    const text = JSON.stringify(bundleOf());
    expect(text).not.toContain(KEYS.pk_live);
    expect(text).toContain("pk_live_…LLLL");
    expect(bundleOf().requestIds).toEqual(["req_click1", "req_check1", "req_429"]);
  });

  it("carries the findings the panel showed", () => {
    expect(bundleOf().findings.map((f) => f.id)).toEqual(["rate-limited"]);
  });

  it("rejects a file that is not a bundle", () => {
    expect(supportBundleSchema.safeParse({ format: "something-else" }).success).toBe(false);
  });
});

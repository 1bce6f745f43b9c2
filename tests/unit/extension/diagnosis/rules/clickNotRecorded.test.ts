import { describe, expect, it } from "vitest";
import { clickNotRecorded } from "../../../../../extension/diagnosis/rules/clickNotRecorded";
import { debug, healthyWith, KEYS, request } from "../../timeline";

const noClick = {
  without: ["request" as const, "debug_event" as const],
  snapshot: { storedClick: { local: null, cookie: null } },
};

describe("clickNotRecorded", () => {
  it("fires when a ref, a running snippet and a good key left no click behind", () => {
    const o = healthyWith(
      [debug({ type: "loaded", version: "1", key: KEYS.pk_live, api: "https://api.selgeo.com" })],
      noClick,
    );
    expect(clickNotRecorded(o)).toMatchObject({ id: "click-not-recorded", severity: "warning" });
  });

  it("defers to the rules that explain the failure", () => {
    const loaded = debug({
      type: "loaded",
      version: "1",
      key: KEYS.pk_live,
      api: "https://api.selgeo.com",
    });
    expect(clickNotRecorded(healthyWith([loaded, request({ status: 429 })], noClick))).toBeNull();
    expect(
      clickNotRecorded(
        healthyWith([loaded, debug({ type: "click_failed", status: 0, ref: "demo" })], noClick),
      ),
    ).toBeNull();
  });

  it("counts a click kept under first_click as a success", () => {
    const kept = debug({
      type: "click_kept",
      click_id: "clk_first",
      ref: "demo",
      ignored_ref: "other",
    });
    expect(clickNotRecorded(healthyWith([kept], noClick))).toBeNull();
  });

  it("stays quiet when the click id is stored", () => {
    expect(clickNotRecorded(healthyWith([]))).toBeNull();
  });
});

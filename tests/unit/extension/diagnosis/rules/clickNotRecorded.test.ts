import { describe, expect, it } from "vitest";
import { clickNotRecorded } from "../../../../../extension/diagnosis/rules/clickNotRecorded";
import { debug, healthyWith, KEYS, request, tag } from "../../timeline";

const noClick = {
  without: ["request" as const, "debug_event" as const],
  snapshot: { storedClick: { local: null, cookie: null } },
};
const loaded = debug({
  type: "loaded",
  version: "1",
  key: KEYS.pk_live,
  api: "https://api.selgeo.com",
});

const causeOf = (found: ReturnType<typeof clickNotRecorded>) =>
  (Array.isArray(found) ? found[0] : found)?.cause;

describe("clickNotRecorded", () => {
  it("fires when a ref, a running snippet and a good key left no click behind", () => {
    const found = clickNotRecorded(healthyWith([loaded], noClick));
    expect(found).toMatchObject({ id: "click-not-recorded", severity: "warning" });
    expect(causeOf(found)).toMatch(/the snippet ran/);
  });

  it("fires as well when the click failed (diagnose files it under that cause)", () => {
    expect(
      clickNotRecorded(healthyWith([loaded, request({ status: 429 })], noClick)),
    ).toMatchObject({ id: "click-not-recorded" });
  });

  it("says the snippet never ran when it did not", () => {
    const pending = {
      ...noClick,
      snapshot: { ...noClick.snapshot, tags: [tag({ loadState: "pending" })] },
    };
    expect(causeOf(clickNotRecorded(healthyWith([], pending)))).toMatch(/never ran/);
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

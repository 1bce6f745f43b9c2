import { describe, expect, it } from "vitest";
import { planClick } from "../../../snippet/click-policy";
import type { StoredClick } from "../../../snippet/protocol";

const stored = (overrides: Partial<StoredClick> = {}): StoredClick => ({
  click_id: "clk_stored",
  ref: "alice",
  mode: "test",
  expires_at: "2030-01-01T00:00:00.000Z",
  attribution_model: "last_click",
  ...overrides,
});

describe("planClick", () => {
  it("sends nothing without a ref, and keeps using a stored click", () => {
    expect(planClick(null, null)).toEqual({ action: "idle", click: null });
    const click = stored();
    expect(planClick(click, null)).toEqual({ action: "idle", click });
  });

  it("records when nothing is stored", () => {
    expect(planClick(null, "alice")).toEqual({ action: "record", click: null, ref: "alice" });
  });

  it("reuses the stored click for the same ref (a reload), whatever the model", () => {
    for (const attribution_model of ["last_click", "first_click"]) {
      const click = stored({ attribution_model });
      expect(planClick(click, "alice")).toEqual({ action: "reuse", click, ref: "alice" });
    }
  });

  it("records a new click for another ref under last_click, the old one in use meanwhile", () => {
    const click = stored();
    expect(planClick(click, "bob")).toEqual({ action: "record", click, ref: "bob" });
  });

  it("keeps the stored click for another ref under first_click", () => {
    const click = stored({ attribution_model: "first_click" });
    expect(planClick(click, "bob")).toEqual({ action: "keep", click, ref: "bob" });
  });

  it("treats refs as case-sensitive, as the API does", () => {
    expect(planClick(stored(), "Alice").action).toBe("record");
  });
});

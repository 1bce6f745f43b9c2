import { describe, expect, it } from "vitest";
import { ClickAction, planClick } from "../../../snippet/click-policy";
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
    expect(planClick(null, null)).toBe(ClickAction.idle);
    expect(planClick(stored(), null)).toBe(ClickAction.idle);
  });

  it("records when nothing is stored", () => {
    expect(planClick(null, "alice")).toBe(ClickAction.record);
  });

  it("reuses the stored click for the same ref (a reload), whatever the model", () => {
    for (const attribution_model of ["last_click", "first_click"]) {
      expect(planClick(stored({ attribution_model }), "alice")).toBe(ClickAction.reuse);
    }
  });

  it("records a new click for another ref under last_click", () => {
    expect(planClick(stored(), "bob")).toBe(ClickAction.record);
  });

  it("keeps the stored click for another ref under first_click", () => {
    expect(planClick(stored({ attribution_model: "first_click" }), "bob")).toBe(ClickAction.keep);
  });

  it("treats refs as case-sensitive, as the API does", () => {
    expect(planClick(stored(), "Alice")).toBe(ClickAction.record);
  });
});

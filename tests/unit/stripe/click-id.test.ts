import { describe, expect, it } from "vitest";
import {
  affClickIdIn,
  expandedMetadataOf,
  firstClickId,
  NO_CLICK_ID,
} from "../../../server/stripe/click-id";

describe("firstClickId", () => {
  it("takes the first non-blank candidate, trimmed, naming its source", () => {
    expect(
      firstClickId([
        [undefined, "metadata.aff_click_id"],
        ["  ", "client_reference_id"],
        [" clk_sub ", "subscription.metadata.aff_click_id"],
        ["clk_customer", "customer.metadata.aff_click_id"],
      ]),
    ).toEqual({ clickId: "clk_sub", clickIdSource: "subscription.metadata.aff_click_id" });
  });

  it("answers no click id when none is a string", () => {
    expect(
      firstClickId([
        [42, "metadata.aff_click_id"],
        [null, "client_reference_id"],
      ]),
    ).toEqual(NO_CLICK_ID);
  });

  it("refuses the first one found when it has control characters", () => {
    expect(firstClickId([["clk_\u0007", "customer.metadata.aff_click_id"]])).toBeUndefined();
  });
});

describe("reading metadata", () => {
  it("finds aff_click_id in a metadata object only", () => {
    expect(affClickIdIn({ aff_click_id: "clk_1" })).toBe("clk_1");
    expect(affClickIdIn(null)).toBeUndefined();
    expect(affClickIdIn(["clk_1"])).toBeUndefined();
  });

  it("tells an expanded object (its metadata) from an id (undefined)", () => {
    expect(expandedMetadataOf({ id: "sub_1", metadata: { a: "b" } })).toEqual({ a: "b" });
    expect(expandedMetadataOf({ id: "sub_1" })).toBeNull();
    expect(expandedMetadataOf("sub_1")).toBeUndefined();
    expect(expandedMetadataOf(null)).toBeUndefined();
  });
});

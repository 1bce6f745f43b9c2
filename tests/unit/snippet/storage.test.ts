import { describe, expect, it } from "vitest";
import { CLICK_COOKIE_NAME, type StoredClick } from "../../../snippet/protocol";
import { clickCookie, parseStoredClick, toStoredClick } from "../../../snippet/storage";

const NOW = Date.parse("2026-05-01T12:00:00.000Z");
const click: StoredClick = {
  click_id: "clk_2Yf8kQ",
  ref: "demo",
  mode: "test",
  expires_at: "2026-05-31T12:00:00.000Z",
  attribution_model: "last_click",
};

describe("toStoredClick", () => {
  it("keeps exactly the known fields of a click response and adds the ref", () => {
    const response = { ...click, ref: undefined, extra: "dropped" };
    expect(toStoredClick(response, "demo")).toEqual(click);
  });

  it("reads an unknown or missing attribution model as last_click, the documented default", () => {
    expect(toStoredClick({ ...click, attribution_model: "weird" }, "demo")?.attribution_model).toBe(
      "last_click",
    );
    expect(
      toStoredClick({ ...click, attribution_model: undefined }, "demo")?.attribution_model,
    ).toBe("last_click");
    expect(
      toStoredClick({ ...click, attribution_model: "first_click" }, "demo")?.attribution_model,
    ).toBe("first_click");
  });

  it.each([
    ["null", null],
    ["a bot answer without click id", { ...click, click_id: null, ignored: "bot" }],
    ["an id unsafe for a URL or cookie", { ...click, click_id: "clk_a;b=c" }],
    ["an id over Stripe's 200 characters", { ...click, click_id: `clk_${"a".repeat(197)}` }],
    ["no mode", { ...click, mode: undefined }],
    ["an unparseable expiry", { ...click, expires_at: "soon" }],
    ["an error envelope", { error: { code: "RATE_LIMITED" } }],
  ])("refuses %s", (_label, value) => {
    expect(toStoredClick(value, "demo")).toBeNull();
  });
});

describe("parseStoredClick", () => {
  it("returns an unexpired entry", () => {
    expect(parseStoredClick(JSON.stringify(click), NOW)).toEqual(click);
  });

  it("drops an entry at or after expires_at", () => {
    expect(parseStoredClick(JSON.stringify(click), Date.parse(click.expires_at))).toBeNull();
  });

  it.each(["not json", "null", "42", '"clk_x"', JSON.stringify({ ...click, ref: 7 })])(
    "treats %s as nothing stored",
    (raw) => {
      expect(parseStoredClick(raw, NOW)).toBeNull();
    },
  );
});

describe("clickCookie", () => {
  it("is first-party, Lax, expiring with the click", () => {
    expect(clickCookie(click, false)).toBe(
      `${CLICK_COOKIE_NAME}=clk_2Yf8kQ; Expires=Sun, 31 May 2026 12:00:00 GMT; Path=/; SameSite=Lax`,
    );
  });

  it("is Secure on https pages", () => {
    expect(clickCookie(click, true)).toMatch(/; SameSite=Lax; Secure$/);
  });
});

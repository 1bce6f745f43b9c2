import { describe, expect, it } from "vitest";
import { checkPublishableKey, parseRefParams, resolveApiBase } from "../../../snippet/protocol";
import { findRef } from "../../../snippet/ref";

const PK = `pk_test_${"a".repeat(24)}`;

describe("checkPublishableKey", () => {
  it("accepts publishable keys of both modes, forgiving copy-paste whitespace", () => {
    expect(checkPublishableKey(PK)).toEqual({ ok: true, key: PK, mode: "test" });
    expect(checkPublishableKey(` pk_live_${"B".repeat(30)}\n`)).toEqual({
      ok: true,
      key: `pk_live_${"B".repeat(30)}`,
      mode: "live",
    });
  });

  it.each([
    [null, "missing"],
    [undefined, "missing"],
    ["", "missing"],
    ["   ", "missing"],
    ["pk_test_YOUR_KEY", "malformed"],
    [`pk_prod_${"a".repeat(24)}`, "malformed"],
    [`sk_test_${"a".repeat(24)}`, "secret"],
    ["sk_live_truncated", "secret"],
  ])("%s → %s", (attribute, problem) => {
    expect(checkPublishableKey(attribute)).toEqual({ ok: false, problem });
  });
});

describe("parseRefParams", () => {
  it("defaults to ref", () => {
    expect(parseRefParams(null)).toEqual(["ref"]);
    expect(parseRefParams(" , ")).toEqual(["ref"]);
  });

  it("splits on commas and spaces", () => {
    expect(parseRefParams("via, aff partner")).toEqual(["via", "aff", "partner"]);
  });
});

describe("findRef", () => {
  it("takes the first configured parameter with a value", () => {
    expect(findRef("?aff=&via=bob&ref=alice", ["aff", "via", "ref"])).toBe("bob");
  });

  it("ignores blank values and absent parameters", () => {
    expect(findRef("?ref=%20%20", ["ref"])).toBeNull();
    expect(findRef("", ["ref"])).toBeNull();
  });

  it("decodes the value", () => {
    expect(findRef("?ref=summer%2Dsale", ["ref"])).toBe("summer-sale");
  });
});

describe("resolveApiBase", () => {
  it("uses data-api, then the official CDN's api host, then the script's own origin", () => {
    expect(resolveApiBase("https://cdn.selgeo.com/v1/selgeo.js", "http://api.test:8080")).toBe(
      "http://api.test:8080",
    );
    expect(resolveApiBase("https://cdn.selgeo.com/v1/selgeo.js")).toBe("https://api.selgeo.com");
    expect(resolveApiBase("https://shop.example/assets/selgeo.js")).toBe("https://shop.example");
  });

  it("accepts a protocol-relative data-api and forgives surrounding whitespace", () => {
    expect(resolveApiBase("https://shop.example/selgeo.js", "//api.test")).toBe("https://api.test");
    expect(resolveApiBase("https://shop.example/selgeo.js", " https://api.test/ ")).toBe(
      "https://api.test",
    );
  });

  it.each([
    ["https://shop.example/_selgeo", "https://shop.example/_selgeo"],
    ["https://shop.example/_selgeo/", "https://shop.example/_selgeo"],
    ["https://shop.example/a/b//?x=1#y", "https://shop.example/a/b"],
    ["/_selgeo", null],
    ["//shop.example/_selgeo", "https://shop.example/_selgeo"],
  ])("keeps a first-party proxy's path prefix: data-api=%j → %j", (value, base) => {
    expect(resolveApiBase("https://shop.example/_selgeo/v1/selgeo.js", value)).toBe(base);
  });

  it.each([
    "https//api.selgeo.com",
    "::",
    "http://",
    "https:// api.selgeo.com",
    "api.selgeo.com",
    "/api",
    "ftp://api.selgeo.com",
    "javascript:alert(1)",
  ])("data-api=%j is unusable: null, never an exception (no guessed address)", (value) => {
    expect(resolveApiBase("https://cdn.selgeo.com/v1/selgeo.js", value)).toBeNull();
  });

  it("never throws on a script URL it cannot read", () => {
    expect(resolveApiBase("not a url")).toBeNull();
  });
});

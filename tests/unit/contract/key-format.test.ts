import { describe, expect, it } from "vitest";
import { maskKey, parseKey } from "../../../server/contract/key-format";

const tail = "a".repeat(24);

describe("parseKey", () => {
  it.each([
    [`pk_test_${tail}`, "pk", "test"],
    [`pk_live_${tail}`, "pk", "live"],
    [`sk_test_${tail}Z9`, "sk", "test"],
    [`sk_live_${tail}`, "sk", "live"],
  ])("reads %s", (key, kind, mode) => {
    expect(parseKey(key)).toEqual({ kind, mode, key });
  });

  it.each([
    ["too short", `pk_test_${"a".repeat(23)}`],
    ["unknown kind", `rk_test_${tail}`],
    ["unknown mode", `pk_prod_${tail}`],
    ["punctuation in the random part", `pk_test_${tail}-x`],
    ["surrounding space", ` pk_test_${tail}`],
    ["placeholder from the docs", "pk_test_YOUR_KEY"],
    ["empty", ""],
    ["absurdly long", `pk_test_${"a".repeat(500)}`],
  ])("refuses %s", (_why, key) => {
    expect(parseKey(key)).toBeNull();
  });

  it("refuses non-strings", () => {
    expect(parseKey(undefined)).toBeNull();
    expect(parseKey(42)).toBeNull();
  });
});

describe("maskKey", () => {
  it("keeps the prefix and the last four characters only", () => {
    expect(maskKey(`sk_live_${tail}WXYZ`)).toBe("sk_live_…WXYZ");
    expect(maskKey("whsec_abcdefgh1234")).toBe("whsec_…1234");
  });
});

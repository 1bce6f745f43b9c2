import { describe, expect, it } from "vitest";
import { normaliseOrigin, parseAllowedOrigins } from "../../../server/contract/origins";

describe("normaliseOrigin", () => {
  it.each([
    ["https://shop.example", "https://shop.example"],
    ["HTTPS://Shop.Example", "https://shop.example"],
    ["https://shop.example/", "https://shop.example"],
    ["https://shop.example:443", "https://shop.example"],
    ["http://shop.example:80", "http://shop.example"],
    ["https://shop.example:8443", "https://shop.example:8443"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    [" https://shop.example ", "https://shop.example"],
    ["https://bücher.example", "https://xn--bcher-kva.example"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseOrigin(input)).toBe(expected);
  });

  it.each([
    "shop.example",
    "https://shop.example/path",
    "https://shop.example?q",
    "https://shop.example#top",
    "https://u:p@shop.example",
    "https://*.shop.example",
    "ftp://shop.example",
    "javascript:alert(1)",
    "null",
    "",
  ])("%s is not an origin", (input) => {
    expect(normaliseOrigin(input)).toBeUndefined();
  });
});

describe("parseAllowedOrigins", () => {
  it("reads the stored JSON list and ignores anything that is not a string", () => {
    expect(parseAllowedOrigins('["https://a.example", 3]')).toEqual(["https://a.example"]);
    expect(parseAllowedOrigins("{}")).toEqual([]);
  });
});

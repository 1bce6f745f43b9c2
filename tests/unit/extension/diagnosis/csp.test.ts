import { describe, expect, it } from "vitest";
import { cspFix, parsePolicy, policyAllows } from "../../../../extension/diagnosis/csp";

const SELF = "https://shop.example.com";

describe("CSP helpers", () => {
  it("keeps the first occurrence of a directive, as browsers do", () => {
    expect(parsePolicy("script-src 'self'; script-src *").get("script-src")).toEqual(["'self'"]);
  });

  it.each([
    ["script-src 'self'", "script-src", "https://cdn.selgeo.com/v1/selgeo.js", false],
    [
      "script-src 'self' https://cdn.selgeo.com",
      "script-src-elem",
      "https://cdn.selgeo.com/v1/selgeo.js",
      true,
    ],
    ["default-src 'self'", "connect-src", "https://api.selgeo.com/api/v1/clicks", false],
    ["default-src *", "connect-src", "https://api.selgeo.com/api/v1/clicks", true],
    ["connect-src https:", "connect-src", "https://api.selgeo.com/x", true],
    ["connect-src *.selgeo.com", "connect-src", "https://api.selgeo.com/x", true],
    ["connect-src https://api.selgeo.com", "connect-src", "http://api.selgeo.test:8787/x", false],
    [
      "connect-src http://api.selgeo.test:8787",
      "connect-src",
      "http://api.selgeo.test:8787/x",
      true,
    ],
    ["connect-src 'none'", "connect-src", "https://api.selgeo.com/x", false],
    ["img-src *", "connect-src", "https://api.selgeo.com/x", true],
  ])("%s allows %s to %s: %s", (policy, directive, url, allowed) => {
    expect(policyAllows(policy, directive, url, SELF)).toBe(allowed);
  });

  it("adds the origin to the page's own directive", () => {
    expect(
      cspFix("script-src 'self' 'nonce-x'", "script-src", "https://cdn.selgeo.com").lines,
    ).toEqual(["script-src 'self' 'nonce-x' https://cdn.selgeo.com;"]);
  });

  it("writes a new directive from default-src, which it would otherwise replace", () => {
    expect(
      cspFix("default-src 'self' https://fonts.example", "connect-src", "https://api.selgeo.com")
        .lines,
    ).toEqual(["connect-src 'self' https://fonts.example https://api.selgeo.com;"]);
  });

  it("updates script-src-elem too when the page has one", () => {
    expect(
      cspFix("script-src 'self'; script-src-elem 'self'", "script-src", "https://cdn.selgeo.com")
        .lines,
    ).toEqual([
      "script-src-elem 'self' https://cdn.selgeo.com;",
      "script-src 'self' https://cdn.selgeo.com;",
    ]);
  });

  it("drops 'none' when adding a host", () => {
    expect(cspFix("connect-src 'none'", "connect-src", "https://api.selgeo.com").lines).toEqual([
      "connect-src https://api.selgeo.com;",
    ]);
  });
});

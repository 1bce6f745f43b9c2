import { describe, expect, it } from "vitest";
import {
  correctPolicy,
  parsePolicy,
  pathPartMatches,
  policyAllows,
} from "../../../../extension/diagnosis/csp";
import { cspFixText } from "../../../../extension/diagnosis/cspFixText";

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
});

describe("CSP source paths (CSP3 path-part match)", () => {
  const MAIN = "https://cdn.selgeo.com/v1/selgeo.js";
  const LAZY = "https://cdn.selgeo.com/v1/selgeo-lazy.js";

  it.each([
    // A path without a trailing slash names one file: its sibling is refused.
    [`script-src ${MAIN}`, MAIN, true],
    [`script-src ${MAIN}`, LAZY, false],
    [`script-src ${MAIN} ${LAZY}`, LAZY, true],
    // A trailing slash admits everything under it, and only under it.
    ["script-src https://cdn.selgeo.com/v1/", LAZY, true],
    ["script-src https://cdn.selgeo.com/v1/", "https://cdn.selgeo.com/v2/selgeo.js", false],
    ["script-src https://cdn.selgeo.com/", LAZY, true],
    // `/v1` is the file called v1, not the folder.
    ["script-src https://cdn.selgeo.com/v1", MAIN, false],
    // Paths are case-sensitive; hosts are not.
    ["script-src https://CDN.selgeo.com/V1/selgeo.js", MAIN, false],
    ["script-src https://CDN.selgeo.com/v1/selgeo.js", MAIN, true],
    // Compared percent-decoded.
    ["script-src https://cdn.selgeo.com/v1/selgeo%2Dlazy.js", LAZY, true],
    // With a port and a path, both must match.
    [
      "script-src http://cdn.selgeo.test:8787/v1/selgeo.js",
      "http://cdn.selgeo.test:8787/v1/selgeo.js",
      true,
    ],
    [
      "script-src http://cdn.selgeo.test:8787/v1/selgeo.js",
      "http://cdn.selgeo.test:8787/v1/selgeo-lazy.js",
      false,
    ],
    ["script-src *.selgeo.com/v1/", LAZY, true],
    // The query is not part of the path.
    [`script-src ${MAIN}`, `${MAIN}?v=2`, true],
  ])("%s allows %s: %s", (policy, url, allowed) => {
    expect(policyAllows(policy, "script-src-elem", url, SELF)).toBe(allowed);
  });

  it.each([
    ["", "/anything", true],
    ["/", "/", true],
    ["/", "", true],
    ["/v1/", "/v1/", true],
    ["/v1/", "/v1", false],
    ["/v1/selgeo.js", "/v1/selgeo.js/", false],
    ["/a/b/", "/a/b/c/d", true],
    ["/a/b/c", "/a/b", false],
  ])("path %j against %j: %s", (source, url, matches) => {
    expect(pathPartMatches(source, url)).toBe(matches);
  });

  it("a policy naming selgeo.js by path is corrected by naming selgeo-lazy.js beside it", () => {
    const corrected = correctPolicy(
      `default-src 'self'; script-src 'self' ${MAIN}`,
      [{ directive: "script-src-elem", url: LAZY, source: LAZY }],
      SELF,
    );
    expect(corrected.changes).toEqual([
      { before: `script-src 'self' ${MAIN}`, after: `script-src 'self' ${MAIN} ${LAZY}` },
    ]);
    // Nothing to change where the folder is already admitted.
    expect(
      correctPolicy(
        "script-src https://cdn.selgeo.com/v1/",
        [{ directive: "script-src-elem", url: LAZY, source: LAZY }],
        SELF,
      ).changes,
    ).toEqual([]);
  });
});

const CDN = "https://cdn.selgeo.com";
const API = "https://api.selgeo.com";
const SCRIPT = { directive: "script-src-elem", url: `${CDN}/v1/selgeo.js`, source: CDN } as const;
const CONNECT = { directive: "connect-src", url: `${API}/api/v1/clicks`, source: API } as const;
const PROXIED = {
  directive: "connect-src",
  url: "https://shop.example.com/_selgeo/api/v1/clicks",
  source: "https://shop.example.com",
} as const;

// Real-world shapes: GitHub's locked-down list, Google's nonce + 'strict-dynamic' recipe, a
// framework's default-src-only starter, a nonce with hosts, script-src-elem, 'none'.
describe("correctPolicy: the complete corrected policy and the one-line change", () => {
  it.each([
    {
      name: "default-src only: the source goes into default-src, which governs",
      policy: "default-src 'self'",
      needs: [CONNECT],
      policyAfter: `default-src 'self' ${API}`,
      changes: [{ before: "default-src 'self'", after: `default-src 'self' ${API}` }],
    },
    {
      name: "default-src only, script and click both blocked: one change for both",
      policy: "default-src 'self' https://fonts.example",
      needs: [SCRIPT, CONNECT],
      policyAfter: `default-src 'self' https://fonts.example ${CDN} ${API}`,
      changes: [
        {
          before: "default-src 'self' https://fonts.example",
          after: `default-src 'self' https://fonts.example ${CDN} ${API}`,
        },
      ],
    },
    {
      name: "GitHub-style list: every other directive kept as written",
      policy:
        "default-src 'none'; base-uri 'self'; connect-src 'self' uploads.github.com; script-src github.githubassets.com; style-src 'unsafe-inline' github.githubassets.com; img-src 'self' data:",
      needs: [SCRIPT, CONNECT],
      policyAfter: `default-src 'none'; base-uri 'self'; connect-src 'self' uploads.github.com ${API}; script-src github.githubassets.com ${CDN}; style-src 'unsafe-inline' github.githubassets.com; img-src 'self' data:`,
      changes: [
        {
          before: "script-src github.githubassets.com",
          after: `script-src github.githubassets.com ${CDN}`,
        },
        {
          before: "connect-src 'self' uploads.github.com",
          after: `connect-src 'self' uploads.github.com ${API}`,
        },
      ],
    },
    {
      name: "a nonce with 'self': the host is added beside the nonce",
      policy: "default-src 'self'; script-src 'self' 'nonce-abc123'; object-src 'none'",
      needs: [SCRIPT],
      policyAfter: `default-src 'self'; script-src 'self' 'nonce-abc123' ${CDN}; object-src 'none'`,
      changes: [
        {
          before: "script-src 'self' 'nonce-abc123'",
          after: `script-src 'self' 'nonce-abc123' ${CDN}`,
        },
      ],
    },
    {
      name: "script-src-elem governs script elements when present",
      policy: "script-src 'self'; script-src-elem 'self'",
      needs: [SCRIPT],
      policyAfter: `script-src 'self'; script-src-elem 'self' ${CDN}`,
      changes: [{ before: "script-src-elem 'self'", after: `script-src-elem 'self' ${CDN}` }],
    },
    {
      name: "'none' is dropped when a source is added",
      policy: "connect-src 'none'; script-src 'self'",
      needs: [CONNECT],
      policyAfter: `connect-src ${API}; script-src 'self'`,
      changes: [{ before: "connect-src 'none'", after: `connect-src ${API}` }],
    },
    {
      name: "a first-party proxy on the page's origin: 'self' already allows it",
      policy: "default-src 'self'",
      needs: [PROXIED],
      policyAfter: "default-src 'self'",
      changes: [],
    },
    {
      name: "one origin (snippet and API on the Selgeo server), connect-src blocks the API",
      policy: "script-src 'self' https://selgeo.example.net; connect-src 'self'",
      needs: [
        {
          directive: "connect-src",
          url: "https://selgeo.example.net/api/v1/clicks",
          source: "https://selgeo.example.net",
        },
      ],
      policyAfter:
        "script-src 'self' https://selgeo.example.net; connect-src 'self' https://selgeo.example.net",
      changes: [
        { before: "connect-src 'self'", after: "connect-src 'self' https://selgeo.example.net" },
      ],
    },
  ] as const)("$name", ({ policy, needs, policyAfter, changes }) => {
    const corrected = correctPolicy(policy, [...needs], SELF);
    expect(corrected.policy).toBe(policyAfter);
    expect(corrected.changes).toEqual(changes);
    // Every directive of the page's policy survives.
    for (const name of parsePolicy(policy).keys())
      expect(parsePolicy(corrected.policy).has(name)).toBe(true);
    // And the result lets Selgeo through.
    for (const need of needs) {
      expect(policyAllows(corrected.policy, need.directive, need.url, SELF)).toBe(true);
    }
  });

  it("'strict-dynamic' (Google's recipe): no host helps, the tag needs the nonce", () => {
    const policy =
      "script-src 'nonce-r4nd0m' 'strict-dynamic' https: 'unsafe-inline'; object-src 'none'; base-uri 'none'";
    const corrected = correctPolicy(policy, [SCRIPT, CONNECT], SELF);
    expect(corrected.strictDynamic).toBe(true);
    expect(corrected.policy).toBe(policy);
  });
});

describe("cspFixText", () => {
  const violation = (policy: string, disposition: "enforce" | "report") => ({
    kind: "csp_violation" as const,
    blockedUrl: `${API}/api/v1/clicks`,
    effectiveDirective: "connect-src",
    violatedDirective: "connect-src",
    originalPolicy: policy,
    disposition,
  });

  it("report-only beside enforce: both headers printed whole, the enforced change first", () => {
    const enforce =
      "default-src 'self'; script-src 'self' https://cdn.selgeo.com; connect-src 'self'";
    const report =
      "default-src 'self'; connect-src 'self' https://telemetry.example; report-uri /csp";
    const fix = cspFixText(
      [violation(enforce, "enforce"), violation(report, "report")],
      [CONNECT],
      SELF,
    );
    const lines = fix?.text.split("\n") ?? [];
    expect(lines[0]).toBe("Change one line of your Content-Security-Policy:");
    expect(lines[1]).toBe(`  connect-src 'self'  →  connect-src 'self' ${API}`);
    expect(lines).toContain(
      `Content-Security-Policy: default-src 'self'; script-src 'self' https://cdn.selgeo.com; connect-src 'self' ${API}`,
    );
    expect(lines).toContain(
      `Content-Security-Policy-Report-Only: default-src 'self'; connect-src 'self' https://telemetry.example ${API}; report-uri /csp`,
    );
  });

  it("a report-only policy alone blocks nothing: no fix", () => {
    expect(cspFixText([violation("connect-src 'self'", "report")], [CONNECT], SELF)).toBeNull();
  });

  it("strict-dynamic: the nonce advice is part of the fix", () => {
    const policy = "script-src 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'";
    const fix = cspFixText(
      [
        {
          ...violation(policy, "enforce"),
          effectiveDirective: "script-src-elem",
          blockedUrl: `${CDN}/v1/selgeo.js`,
        },
      ],
      [SCRIPT],
      SELF,
    );
    expect(fix?.text).toContain("'strict-dynamic'");
    expect(fix?.text).toContain('nonce="…"');
    expect(fix?.text).toContain(
      `Content-Security-Policy: script-src 'nonce-r4nd0m' 'strict-dynamic' ${CDN}; object-src 'none'`,
    );
  });
});

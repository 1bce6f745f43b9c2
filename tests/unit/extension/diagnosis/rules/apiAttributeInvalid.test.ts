import { describe, expect, it } from "vitest";
import { diagnose } from "../../../../../extension/diagnosis/diagnose";
import { apiBaseOf, selgeoOrigins } from "../../../../../extension/diagnosis/hosts";
import { apiAttributeInvalid } from "../../../../../extension/diagnosis/rules/apiAttributeInvalid";
import {
  debug,
  healthyWith,
  KEYS,
  observations,
  PAGE_URL,
  SNIPPET_SRC,
  snapshot,
  snippetRequest,
  tag,
} from "../../timeline";

const BAD = "https//api.selgeo.com";

/** What the snippet does with a bad data-api on a ?ref= page: announces, sends nothing. */
function badApiPage(events = true) {
  return observations([
    { kind: "navigation", url: PAGE_URL },
    snippetRequest(),
    ...(events
      ? [
          debug({ type: "loaded", version: "1.0.0", key: KEYS.pk_live, api: null }),
          debug({ type: "config_invalid", attribute: "data-api", value: BAD }),
        ]
      : []),
    snapshot({
      tags: [tag({ api: BAD })],
      storedClick: { local: null, cookie: null },
      stripeLinks: [],
    }),
  ]);
}

describe("apiAttributeInvalid", () => {
  it("turns config_invalid into a Snippet not loading finding with the bad value and a valid one", () => {
    const finding = apiAttributeInvalid(badApiPage());
    expect(finding).toMatchObject({
      id: "api-attribute-invalid",
      severity: "error",
      section: "Snippet not loading",
    });
    if (!finding || Array.isArray(finding)) throw new Error("one finding expected");
    expect(finding.cause).toContain(`Script tag is malformed: data-api="${BAD}"`);
    expect(finding.cause).toContain("Check for typos in the URL");
    expect(finding.fix).toContain('data-api="https://api.selgeo.com"');
    expect(finding.evidence).toContain(`data-api="${BAD}"`);
  });

  it("reads the tag too, for a snippet that stopped without a word (older versions threw)", () => {
    const o = badApiPage(false);
    expect(o.apiOrigin).toBeNull();
    expect(apiAttributeInvalid(o)).toMatchObject({ id: "api-attribute-invalid" });
  });

  it("is the one finding of such a page: no vaguer 'click not recorded' beside it", () => {
    expect(diagnose(badApiPage()).map((f) => f.id)).toEqual(["api-attribute-invalid"]);
  });

  it("stays quiet for a healthy page and a valid data-api", () => {
    expect(apiAttributeInvalid(healthyWith([]))).toBeNull();
    expect(
      apiAttributeInvalid(
        healthyWith([], { snapshot: { tags: [tag({ api: "https://api.selgeo.com" })] } }),
      ),
    ).toBeNull();
  });
});

describe("hosts with an unusable data-api", () => {
  it.each([BAD, "::", "http://", "https:// api.selgeo.com"])(
    "%j: no API origin, no exception",
    (api) => {
      expect(apiBaseOf({ src: SNIPPET_SRC, api }, PAGE_URL)).toBeNull();
      expect(selgeoOrigins([tag({ api })], PAGE_URL)).toEqual({
        snippet: ["https://cdn.selgeo.com"],
        api: [],
        lazy: ["https://cdn.selgeo.com/v1/selgeo-lazy.js"],
      });
    },
  );
});

import { describe, expect, it } from "vitest";
import {
  isApiViolationUrl,
  isSelgeoRequest,
  selgeoOrigins,
} from "../../../../extension/diagnosis/hosts";
import { observe } from "../../../../extension/diagnosis/observations";
import { concernsSelgeo } from "../../../../extension/observer/violations";
import { entries, request, snapshot, tag, violation } from "../timeline";

const SHOP = "https://shop.example.com/pricing";

describe("hosts under a first-party proxy", () => {
  const tags = [
    tag({
      src: "https://shop.example.com/_selgeo/v1/selgeo.js",
      api: "https://shop.example.com/_selgeo",
    }),
  ];
  const origins = selgeoOrigins(tags, SHOP);
  const srcs = ["https://shop.example.com/_selgeo/v1/selgeo.js"];

  it("knows the API base with its prefix", () => {
    expect(origins.api).toEqual(["https://shop.example.com/_selgeo"]);
  });

  it("counts selgeo-lazy.js beside the proxied snippet, and only there", () => {
    expect(origins.lazy).toEqual(["https://shop.example.com/_selgeo/v1/selgeo-lazy.js"]);
    expect(
      isSelgeoRequest("https://shop.example.com/_selgeo/v1/selgeo-lazy.js", origins, srcs),
    ).toBe(true);
    expect(isSelgeoRequest("https://shop.example.com/v1/selgeo-lazy.js", origins, srcs)).toBe(
      false,
    );
  });

  it("counts the proxied API calls and never the shop's own pages or API", () => {
    expect(isSelgeoRequest("https://shop.example.com/_selgeo/api/v1/clicks", origins, srcs)).toBe(
      true,
    );
    expect(isSelgeoRequest("https://shop.example.com/api/v1/clicks", origins, srcs)).toBe(false);
    expect(isSelgeoRequest("https://shop.example.com/cart", origins, srcs)).toBe(false);
    expect(isSelgeoRequest(srcs[0] ?? "", origins, srcs)).toBe(true);
  });

  it("a CSP violation names the API by its full URL, or by its origin alone when cross-origin", () => {
    expect(
      isApiViolationUrl(
        "https://shop.example.com/_selgeo/api/v1/clicks",
        "https://shop.example.com/_selgeo",
      ),
    ).toBe(true);
    expect(isApiViolationUrl("https://api.selgeo.com", "https://api.selgeo.com")).toBe(true);
    expect(
      isApiViolationUrl("https://shop.example.com/other", "https://shop.example.com/_selgeo"),
    ).toBe(false);
  });
});

describe("observations on one origin (snippet and API on the Selgeo server)", () => {
  it("a connect-src violation for the API is Selgeo's, though the snippet shares its origin", () => {
    const server = "https://selgeo.example.net";
    const o = observe(
      entries([
        snapshot({ tags: [tag({ src: `${server}/v1/selgeo.js` })] }),
        violation({
          blockedUrl: `${server}/api/v1/clicks`,
          effectiveDirective: "connect-src",
          violatedDirective: "connect-src",
          originalPolicy: `script-src 'self' ${server}; connect-src 'self'`,
        }),
      ]),
    );
    expect(o.apiBase).toBe(server);
    expect(o.cspViolations).toHaveLength(1);
  });
});

describe("observations of selgeo-lazy.js: never the snippet, never an API call", () => {
  const server = "https://selgeo.example.net";
  const lazy = `${server}/v1/selgeo-lazy.js`;
  const lazyRequest = request({ url: lazy, method: "GET", resourceType: "script", status: 404 });

  it("its request is the lazy part's, even when the snippet's own was not seen", () => {
    const o = observe(
      entries([snapshot({ tags: [tag({ src: `${server}/v1/selgeo.js` })] }), lazyRequest]),
    );
    expect(o.lazyUrl).toBe(lazy);
    expect(o.lazyRequest).toEqual(lazyRequest);
    expect(o.snippetRequest).toBeNull();
    expect(o.apiRequests).toEqual([]);
  });

  it("an inline copy loads it from the API's origin", () => {
    const o = observe(
      entries([snapshot({ tags: [tag({ src: null, api: server })] }), lazyRequest]),
    );
    expect(o.lazyUrl).toBe(lazy);
    expect(o.lazyRequest).toEqual(lazyRequest);
  });

  it("a script-src violation naming it, or its origin under a policy admitting selgeo.js, is the lazy part's", () => {
    const policy = `script-src ${server}/v1/selgeo.js`;
    const o = observe(
      entries([
        snapshot({ tags: [tag({ src: `${server}/v1/selgeo.js` })] }),
        violation({ blockedUrl: lazy, originalPolicy: policy }),
        violation({ blockedUrl: server, originalPolicy: policy }),
      ]),
    );
    expect(o.lazyCspViolations).toHaveLength(2);
    expect(o.cspViolations).toEqual([]);
  });

  it("a script-src violation at the snippet's origin under a policy refusing selgeo.js stays the snippet's", () => {
    const o = observe(
      entries([
        snapshot({ tags: [tag({ src: `${server}/v1/selgeo.js` })] }),
        violation({ blockedUrl: server, originalPolicy: "script-src 'self'" }),
        violation({ blockedUrl: `${server}/v1/selgeo.js`, originalPolicy: "script-src 'self'" }),
      ]),
    );
    expect(o.cspViolations).toHaveLength(2);
    expect(o.lazyCspViolations).toEqual([]);
  });

  it("the content script keeps a violation of an inline copy's lazy part", () => {
    const tags = [tag({ src: null, api: server })];
    expect(concernsSelgeo(violation({ blockedUrl: lazy }), tags, SHOP)).toBe(true);
    expect(concernsSelgeo(violation({ blockedUrl: `${server}/other.js` }), tags, SHOP)).toBe(false);
  });
});

// The built selgeo.js run against a minimal fake browser: an unusable data-api must be named on
// the debug channel, send nothing and throw nothing, and still leave window.__selgeo behind.
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSnippet } from "../../../snippet/build";
import { decodeDebugEvent } from "../../../snippet/debug-wire";
import {
  CLICK_STORAGE_KEY,
  DEBUG_EVENT_NAME,
  type DebugEvent,
  type SelgeoGlobal,
  type StoredClick,
} from "../../../snippet/protocol";

const PK = `pk_test_${"a".repeat(24)}`;
const SRC = "https://cdn.selgeo.com/v1/selgeo.js";

const stored: StoredClick = {
  click_id: "clk_stored1",
  ref: "demo",
  mode: "test",
  expires_at: "2099-01-01T00:00:00.000Z",
  attribution_model: "last_click",
};

interface Run {
  events: DebugEvent[];
  fetches: string[];
  selgeo: SelgeoGlobal | undefined;
  ready: Promise<string | null>;
}

function run(
  code: string,
  attributes: Record<string, string>,
  options: { search?: string; local?: StoredClick } = {},
): Run {
  const events: DebugEvent[] = [];
  const fetches: string[] = [];
  const items = new Map<string, string>(
    options.local ? [[CLICK_STORAGE_KEY, JSON.stringify(options.local)]] : [],
  );
  class HTMLScriptElement {
    src = SRC;
    // What the DOM makes of the data-* attributes: data-ref-params → refParams.
    dataset = Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => [
        name.slice(5).replace(/-(\w)/g, (_dash, letter: string) => letter.toUpperCase()),
        value,
      ]),
    );
  }
  const search = options.search ?? "";
  const window: Record<string, unknown> = {
    HTMLScriptElement,
    URL,
    URLSearchParams,
    JSON,
    Date,
    Promise,
    console,
    setTimeout,
    location: { href: `https://shop.example/${search}`, search, protocol: "https:" },
    navigator: { webdriver: false },
    document: {
      currentScript: new HTMLScriptElement(),
      cookie: "",
      referrer: "",
      documentElement: {},
      baseURI: "https://shop.example/",
      querySelector: () => null,
      querySelectorAll: () => [],
    },
    localStorage: {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => items.set(key, value),
      removeItem: (key: string) => items.delete(key),
    },
    MutationObserver: class {
      observe() {}
    },
    CustomEvent: class {
      constructor(
        readonly type: string,
        readonly init: { detail: unknown },
      ) {}
    },
    dispatchEvent: (event: { type: string; init: { detail: unknown } }) => {
      // Named through the one decoder of the wire form, as the extension does.
      if (event.type === DEBUG_EVENT_NAME)
        events.push(decodeDebugEvent(event.init.detail) as DebugEvent);
      return true;
    },
    fetch: (url: string) => {
      fetches.push(url);
      return new Promise(() => {});
    },
  };
  window.window = window;
  runInNewContext(code, window);
  const selgeo = window.__selgeo as SelgeoGlobal | undefined;
  return {
    events,
    fetches,
    selgeo,
    ready: new Promise((resolve) => selgeo?.ready(resolve)),
  };
}

describe("selgeo.js with an unusable data-api", () => {
  let code: string;
  beforeAll(async () => {
    code = await buildSnippet();
  });

  it.each(["https//api.selgeo.com", "::", "http://", "https:// api.selgeo.com", "api.selgeo.com"])(
    "data-api=%j: config_invalid, no request, no exception, __selgeo still set",
    async (value) => {
      const r = run(code, { "data-merchant": PK, "data-api": value }, { search: "?ref=demo" });
      expect(r.events).toEqual([
        { type: "loaded", version: expect.any(String), key: PK, api: null },
        { type: "config_invalid", attribute: "data-api", value },
      ]);
      expect(r.fetches).toEqual([]);
      expect(r.selgeo?.mode).toBe("test");
      expect(r.selgeo?.getClickId()).toBeNull();
      await expect(r.ready).resolves.toBeNull();
    },
  );

  it("a click stored earlier stays in use: getClickId() and ready() give it, still nothing sent", async () => {
    const r = run(
      code,
      { "data-merchant": PK, "data-api": "https//api.selgeo.com" },
      { search: "?ref=another", local: stored },
    );
    expect(r.fetches).toEqual([]);
    expect(r.selgeo?.getClickId()).toBe(stored.click_id);
    await expect(r.ready).resolves.toBe(stored.click_id);
  });

  it("the harness is honest: a valid data-api does send the click", () => {
    const r = run(
      code,
      { "data-merchant": PK, "data-api": "https://api.example.com" },
      {
        search: "?ref=demo",
      },
    );
    expect(r.fetches).toEqual(["https://api.example.com/api/v1/clicks"]);
    expect(r.events.map((e) => e.type)).toEqual(["loaded"]);
  });

  it("keeps a first-party proxy's path prefix (DESIGN.md § Snippet)", () => {
    const r = run(
      code,
      { "data-merchant": PK, "data-api": "https://shop.example/_selgeo/" },
      { search: "?ref=demo" },
    );
    expect(r.fetches).toEqual(["https://shop.example/_selgeo/api/v1/clicks"]);
    expect(r.events[0]).toMatchObject({ type: "loaded", api: "https://shop.example/_selgeo" });
  });
});

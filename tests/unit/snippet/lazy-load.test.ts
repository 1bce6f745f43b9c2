// The built selgeo.js against a minimal fake browser: when it loads selgeo-lazy.js (only when the
// page needs it: a click to store, a queued click, a cookie-only click, Stripe elements to
// decorate), from where (beside itself), under which nonce, and what a visit that needs none of it
// does without it.
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSnippet } from "../../../snippet/build";
import { LAZY_FILE, type Lazy, lazyFileUrl } from "../../../snippet/lazy-contract";
import {
  CLICK_ENTRY_COOKIE_NAME,
  CLICK_STORAGE_KEY,
  PENDING_STORAGE_KEY,
  type SelgeoGlobal,
  type StoredClick,
} from "../../../snippet/protocol";
import { STRIPE_SELECTOR } from "../../../snippet/stripe-links";

const PK = `pk_test_${"a".repeat(24)}`;
const SRC = "https://cdn.example/v1/selgeo.js";

const stored: StoredClick = {
  click_id: "clk_stored1",
  ref: "demo",
  mode: "test",
  expires_at: "2099-01-01T00:00:00.000Z",
  attribution_model: "last_click",
};

interface FakeScript {
  src: string;
  nonce: string;
  r?: (lazy: Lazy) => void;
  onerror?: () => void;
}

function run(
  code: string,
  options: {
    search?: string;
    local?: Record<string, string>;
    cookie?: string;
    stripe?: boolean;
    src?: string;
  } = {},
) {
  const inserted: FakeScript[] = [];
  const fetches: string[] = [];
  const items = new Map(Object.entries(options.local ?? {}));
  const tag = {
    src: options.src ?? SRC,
    nonce: "n0nce",
    dataset: { merchant: PK },
  };
  const search = options.search ?? "";
  const window: Record<string, unknown> = {
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
      currentScript: tag,
      cookie: options.cookie ?? "",
      referrer: "",
      documentElement: {},
      querySelector: (selector: string) =>
        selector === STRIPE_SELECTOR && options.stripe ? {} : null,
      createElement: () => ({ src: "", nonce: "" }),
      head: { append: (element: FakeScript) => inserted.push(element) },
    },
    localStorage: {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => items.set(key, value),
      removeItem: (key: string) => items.delete(key),
    },
    MutationObserver: class {
      observe() {}
    },
    CustomEvent: class {},
    dispatchEvent: () => true,
    fetch: (url: string) => {
      fetches.push(url);
      return new Promise(() => {});
    },
  };
  window.window = window;
  runInNewContext(code, window);
  const selgeo = window.__selgeo as SelgeoGlobal;
  return { inserted, fetches, selgeo };
}

/** Lets the snippet's promise chains run. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("selgeo.js loads selgeo-lazy.js only when the page needs it", () => {
  let code: string;
  beforeAll(async () => {
    code = await buildSnippet();
  });

  it("a visit without a ref, or back on its stored click, with no Stripe element: nothing loaded", async () => {
    for (const search of ["", "?ref=demo"]) {
      const r = run(code, { search, local: { [CLICK_STORAGE_KEY]: JSON.stringify(stored) } });
      await tick();
      expect(r.inserted).toEqual([]);
      expect(r.fetches).toEqual([]);
      expect(r.selgeo.getClickId()).toBe(stored.click_id);
    }
  });

  it("a new ref: the request leaves at once and the lazy part loads beside selgeo.js, under its nonce", async () => {
    const r = run(code, { search: "?ref=bob" });
    expect(r.fetches).toEqual([`${new URL(SRC).origin}/api/v1/clicks`]);
    await tick();
    expect(r.inserted).toEqual([
      expect.objectContaining({ src: `https://cdn.example/v1/${LAZY_FILE}`, nonce: "n0nce" }),
    ]);
    // Where the extension looks for it (its rules on a blocked selgeo-lazy.js).
    expect(r.inserted[0]?.src).toBe(lazyFileUrl(SRC, "https://cdn.example"));
  });

  it("an inline copy (no src) looks for it under the API's origin", async () => {
    const r = run(code, { search: "?ref=bob", src: "" });
    await tick();
    expect(r.inserted[0]?.src).toBe(`https://shop.example/v1/${LAZY_FILE}`);
    expect(r.inserted[0]?.src).toBe(lazyFileUrl(null, "https://shop.example"));
  });

  it("a stored click and Stripe elements: loaded, and handed the click id to decorate", async () => {
    const r = run(code, { local: { [CLICK_STORAGE_KEY]: JSON.stringify(stored) }, stripe: true });
    await tick();
    expect(r.inserted).toHaveLength(1);
    const decorated: string[] = [];
    r.inserted[0]?.r?.([(id) => decorated.push(id), () => undefined, () => null]);
    await tick();
    expect(decorated).toEqual([stored.click_id]);
  });

  it("a queued click: the lazy part takes the visit over (nothing sent before it runs)", async () => {
    const r = run(code, {
      local: {
        [PENDING_STORAGE_KEY]: JSON.stringify({
          ref: "bob",
          mode: "test",
          failed_attempts: 1,
          first_failed_at: new Date().toISOString(),
        }),
      },
    });
    await tick();
    expect(r.fetches).toEqual([]);
    expect(r.inserted).toHaveLength(1);
  });

  it("localStorage empty but the cookie copy there: the lazy part reads it, the visit goes on with it", async () => {
    const r = run(code, {
      cookie: `${CLICK_ENTRY_COOKIE_NAME}=${encodeURIComponent(JSON.stringify(stored))}`,
    });
    await tick();
    expect(r.inserted).toHaveLength(1);
    r.inserted[0]?.r?.([() => undefined, () => undefined, () => stored]);
    await tick();
    expect(r.selgeo.getClickId()).toBe(stored.click_id);
  });

  it("a lazy part that cannot load still answers ready()", async () => {
    const r = run(code, { search: "?ref=bob" });
    await tick();
    const ready = new Promise((resolve) => r.selgeo.ready(resolve));
    r.inserted[0]?.onerror?.();
    await expect(ready).resolves.toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  CLICK_COOKIE_NAME,
  CLICK_ENTRY_COOKIE_NAME,
  CLICK_STORAGE_KEY,
  type StoredClick,
} from "../../../snippet/protocol";
import {
  clickCookies,
  cookieClick,
  loadClick,
  parseStoredClick,
  saveClick,
  toStoredClick,
} from "../../../snippet/storage";

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

describe("clickCookies", () => {
  it("the bare id for the merchant's server, then the entry; first-party, Lax, expiring with the click", () => {
    const [id, entry] = clickCookies(click, false);
    expect(id).toBe(
      `${CLICK_COOKIE_NAME}=clk_2Yf8kQ; Expires=Sun, 31 May 2026 12:00:00 GMT; Path=/; SameSite=Lax`,
    );
    expect(entry).toBe(
      `${CLICK_ENTRY_COOKIE_NAME}=${encodeURIComponent(JSON.stringify(click))}; Expires=Sun, 31 May 2026 12:00:00 GMT; Path=/; SameSite=Lax`,
    );
  });

  it("keeps the entry a valid cookie value, whatever the ref holds", () => {
    const odd = { ...click, ref: 'summer sale; "50%", été' };
    const value = (clickCookies(odd, false)[1] ?? "").split("; ")[0]?.split("=")[1] ?? "";
    // RFC 6265 cookie-octets: no space, quote, comma, semicolon or backslash.
    expect(value).toMatch(/^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/);
    expect(
      cookieClick(`${CLICK_COOKIE_NAME}=${odd.click_id}; ${CLICK_ENTRY_COOKIE_NAME}=${value}`, NOW),
    ).toEqual(odd);
  });

  it("is Secure on https pages", () => {
    for (const cookie of clickCookies(click, true))
      expect(cookie).toMatch(/; SameSite=Lax; Secure$/);
  });
});

describe("cookieClick", () => {
  const entry = `${CLICK_ENTRY_COOKIE_NAME}=${encodeURIComponent(JSON.stringify(click))}`;

  it("rebuilds the click from the entry next to its id cookie, among other cookies", () => {
    expect(
      cookieClick(`theme=dark; ${CLICK_COOKIE_NAME}=${click.click_id}; ${entry}; x=1`, NOW),
    ).toEqual(click);
  });

  it("needs the id cookie to name the same click: deleting or replacing it ends the click", () => {
    expect(cookieClick(entry, NOW)).toBeNull();
    expect(cookieClick(`${CLICK_COOKIE_NAME}=clk_other; ${entry}`, NOW)).toBeNull();
  });

  it("ignores an entry at or after expires_at, even if the browser still sends it", () => {
    const cookies = `${CLICK_COOKIE_NAME}=${click.click_id}; ${entry}`;
    expect(cookieClick(cookies, Date.parse(click.expires_at))).toBeNull();
  });

  it("reads no click from a foreign cookie of a similar name", () => {
    expect(cookieClick(`x${CLICK_COOKIE_NAME}=${click.click_id}; x${entry}`, NOW)).toBeNull();
  });
});

/** document.cookie as a browser keeps it: one value per name, gone at its Expires. */
function cookieJar() {
  const jar = new Map<string, { value: string; expires: number }>();
  return {
    jar,
    get cookie() {
      return [...jar]
        .filter(([, c]) => c.expires > Date.now())
        .map(([name, c]) => `${name}=${c.value}`)
        .join("; ");
    },
    set cookie(line: string) {
      const [pair = "", ...attributes] = line.split("; ");
      const [name = "", value = ""] = pair.split(/=(.*)/);
      const expires = attributes.find((a) => a.startsWith("Expires="));
      jar.set(name, {
        value,
        expires: expires ? Date.parse(expires.slice(8)) : Number.POSITIVE_INFINITY,
      });
    },
  };
}

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe("loadClick / saveClick: the click survives on the cookies alone", () => {
  let document: ReturnType<typeof cookieJar>;
  let storage: Storage;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    document = cookieJar();
    storage = memoryStorage();
    vi.stubGlobal("document", document);
    vi.stubGlobal("localStorage", storage);
    vi.stubGlobal("location", { protocol: "https:" });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("saves both copies; localStorage answers first", () => {
    saveClick(click);
    expect(JSON.parse(storage.getItem(CLICK_STORAGE_KEY) ?? "null")).toEqual(click);
    expect(document.jar.get(CLICK_COOKIE_NAME)?.value).toBe(click.click_id);
    expect(loadClick("test")).toEqual(click);
  });

  it("localStorage throwing (blocked, sandboxed): the cookies carry the click", () => {
    const blocked = () => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    };
    vi.stubGlobal("localStorage", { getItem: blocked, setItem: blocked, removeItem: blocked });
    saveClick(click);
    expect(loadClick("test")).toEqual(click);
  });

  it("localStorage cleared while the cookies remain: the cookies carry the click", () => {
    saveClick(click);
    storage.clear();
    expect(loadClick("test")).toEqual(click);
  });

  it("localStorage full: a new click is not outvoted by the older entry it could not replace", () => {
    saveClick(click);
    const next = { ...click, click_id: "clk_next", ref: "other" };
    storage.setItem = () => {
      throw new DOMException("quota", "QuotaExceededError");
    };
    saveClick(next);
    expect(loadClick("test")).toEqual(next);
  });

  it("an expired cookie is ignored", () => {
    saveClick(click);
    storage.clear();
    vi.setSystemTime(Date.parse(click.expires_at) + 1);
    expect(loadClick("test")).toBeNull();
    // Even an entry the browser still sends (its own expiry moved on) ends at expires_at.
    const stale = { ...click, expires_at: "2026-05-01T11:00:00.000Z" };
    vi.setSystemTime(NOW);
    document.cookie = `${CLICK_COOKIE_NAME}=${stale.click_id}`;
    document.cookie = `${CLICK_ENTRY_COOKIE_NAME}=${encodeURIComponent(JSON.stringify(stale))}`;
    expect(loadClick("test")).toBeNull();
  });

  it("a cookie click of the other mode is not used with this key", () => {
    saveClick(click);
    storage.clear();
    expect(loadClick("live")).toBeNull();
  });

  it("the id cookie deleted (the merchant's server, a forget button): no click", () => {
    saveClick(click);
    storage.clear();
    document.cookie = `${CLICK_COOKIE_NAME}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
    expect(loadClick("test")).toBeNull();
  });

  it("reads the click exactly as the previous snippet version wrote it, from storage and cookies", () => {
    // Written by the snippet before the compact build: these are in visitors' browsers today.
    const previous =
      '{"click_id":"clk_2Yf8kQ","ref":"demo","mode":"test","expires_at":"2026-05-31T12:00:00.000Z","attribution_model":"first_click"}';
    storage.setItem(CLICK_STORAGE_KEY, previous);
    expect(loadClick("test")).toEqual(JSON.parse(previous));
    storage.clear();
    document.cookie = `${CLICK_COOKIE_NAME}=clk_2Yf8kQ; Path=/; SameSite=Lax`;
    document.cookie = `${CLICK_ENTRY_COOKIE_NAME}=${encodeURIComponent(previous)}; Path=/; SameSite=Lax`;
    expect(loadClick("test")).toEqual(JSON.parse(previous));
  });

  it("a garbled entry cookie reads as nothing, without throwing", () => {
    document.cookie = `${CLICK_COOKIE_NAME}=${click.click_id}`;
    document.cookie = `${CLICK_ENTRY_COOKIE_NAME}=%E0%A4%A`;
    expect(loadClick("test")).toBeNull();
  });
});

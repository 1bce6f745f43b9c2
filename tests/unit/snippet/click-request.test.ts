// The click request's body, and what the previous snippet version left in visitors' browsers:
// a retry sends the queued entry's count and first failure (never its `mode`, which the API's
// strict body would refuse), and a queue entry written by the previous version still reads.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { requestClick } from "../../../snippet/click";
import { loadPending } from "../../../snippet/pending";
import { PENDING_STORAGE_KEY } from "../../../snippet/protocol";

const NOW = Date.parse("2026-05-01T12:00:00.000Z");
/** `selgeo_pending` exactly as the snippet before the compact build wrote it. */
const PREVIOUS_VERSION_ENTRY =
  '{"ref":"bob","mode":"test","failed_attempts":2,"first_failed_at":"2026-04-30T09:00:00.000Z"}';

let bodies: { url: string; init: RequestInit }[];

beforeEach(() => {
  bodies = [];
  const items = new Map([[PENDING_STORAGE_KEY, PREVIOUS_VERSION_ENTRY]]);
  vi.stubGlobal("localStorage", { getItem: (key: string) => items.get(key) ?? null });
  vi.stubGlobal("location", { href: "https://shop.example/?ref=bob" });
  vi.stubGlobal("document", { referrer: "https://partner.example/" });
  vi.stubGlobal("navigator", { webdriver: false });
  vi.stubGlobal("fetch", (url: string, init: RequestInit) => {
    bodies.push({ url, init });
    return Promise.resolve(new Response('{"error":{"code":"X"}}', { status: 503 }));
  });
});

afterEach(() => vi.unstubAllGlobals());

describe("requestClick", () => {
  it("sends key, ref, automated, url and referrer as a plain string (text/plain: no preflight)", async () => {
    expect(await requestClick("https://api.example", "pk_test_k", "bob", null)).toEqual([
      null,
      503,
      "X",
      null,
    ]);
    const [{ url, init }] = bodies as [(typeof bodies)[0]];
    expect(url).toBe("https://api.example/api/v1/clicks");
    expect(init).toMatchObject({ method: "POST", keepalive: true, credentials: "omit" });
    expect(init.headers).toBeUndefined();
    expect(typeof init.body).toBe("string");
    expect(JSON.parse(init.body as string)).toEqual({
      key: "pk_test_k",
      ref: "bob",
      automated: false,
      url: "https://shop.example/?ref=bob",
      referrer: "https://partner.example/",
    });
  });

  it("retries a queued entry of the previous version with its count and first failure, not its mode", async () => {
    const pending = loadPending("test", NOW);
    expect(pending).toEqual(JSON.parse(PREVIOUS_VERSION_ENTRY));
    await requestClick("https://api.example", "pk_test_k", "bob", pending);
    expect(JSON.parse(bodies[0]?.init.body as string)).toEqual({
      key: "pk_test_k",
      ref: "bob",
      automated: false,
      url: "https://shop.example/?ref=bob",
      referrer: "https://partner.example/",
      failed_attempts: 2,
      first_failed_at: "2026-04-30T09:00:00.000Z",
    });
  });

  it("says so when the browser is under automation (navigator.webdriver)", async () => {
    vi.stubGlobal("navigator", { webdriver: true });
    await requestClick("https://api.example", "pk_test_k", "bob", null);
    expect(JSON.parse(bodies[0]?.init.body as string)).toMatchObject({ automated: true });
  });
});

// selgeo.js in real Chromium, the way merchants run it: the merchant's pages, the CDN serving the
// snippet and the API each on their own host name (three origins), the API being the real app
// over real storage. Every visit checks that the page never saw an exception.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import { FAILED_CLICK_PREFIX } from "../../server/contract/failed-click";
import { ManualClock } from "../../server/lib/clock";
import { registerSnippet } from "../../server/routes/snippet";
import { buildSnippet, writeSnippet } from "../../snippet/build";
import { parseDebugEvent } from "../../snippet/debug-event-schema";
import { decodeDebugEvent } from "../../snippet/debug-wire";
import {
  CLICK_COOKIE_NAME,
  CLICK_ENTRY_COOKIE_NAME,
  CLICK_STORAGE_KEY,
  DEBUG_EVENT_NAME,
  type DebugEvent,
  PENDING_STORAGE_KEY,
  type StoredClick,
} from "../../snippet/protocol";
import { chromiumOrSkip, launchBrowser } from "../support/browser";
import { createHarness, type Harness } from "../support/harness";
import { type Listening, listen } from "../support/http-server";

const canRun = chromiumOrSkip("snippet browser tests");

declare global {
  interface Window {
    /** Each `selgeo:debug` detail as the snippet sent it (its wire form). */
    __events: unknown[];
    __violations: { blockedURI: string; directive: string }[];
    __lateInsertedAfterLoadMs?: number;
  }
}

/**
 * A new visitor: the one shared page, now on a shop host name of its own, so its cookies and
 * localStorage start empty (the storage of every origin is separate) without the cost of a new
 * browser context per test.
 */
interface Visitor {
  page: Page;
  /** This visitor's shop origin. */
  shop: string;
  /** A URL on this visitor's shop host serving `page`. */
  pageUrl(page: ShopPage): string;
  /** Every request the browser made to the API origin, preflights included. */
  apiRequests: Request[];
  consoleErrors: string[];
  pageErrors: Error[];
}

/** The test server for the merchant's own pages: any path, optionally with a CSP header. */
interface ShopPage {
  head: string;
  body?: string;
  csp?: string;
}

const NONCE = "e2e-nonce";

describe.skipIf(!canRun)("selgeo.js in Chromium (shop, CDN and API on separate origins)", () => {
  let browser: Browser;
  let harness: Harness;
  let limited: Harness;
  const servers: Listening[] = [];
  let shopServer: Server;
  const pages = new Map<string, ShopPage>();
  /** Requests that reached the API server, whatever the browser reports. */
  const apiHits: { method: string; path: string }[] = [];
  let shopPort: number;
  let context: BrowserContext;
  let sharedPage: Page;
  let current: Visitor | undefined;
  let visitorCount = 0;
  let CDN: string;
  let API: string;
  let LIMITED_API: string;

  beforeAll(async () => {
    const [launched, code, lazyCode] = await Promise.all([
      launchBrowser(),
      buildSnippet(),
      buildSnippet({ part: "lazy" }),
      // The API app serves the demo's self-hosted copy from the built file: make it current.
      writeSnippet(),
    ]);
    browser = launched;
    // The browser judges expiry by its own clock: the API's must agree with it.
    harness = await createHarness({ clock: new ManualClock(new Date()) });
    const { pk_test, sk_test } = harness.merchant.keys;
    const app = createApp(harness.services, {
      demo: { publishableKey: pk_test, secretKey: sk_test },
    });
    const api = await listen(app, { services: harness.services });
    // Counted where every request arrives, clicks included (they are answered ahead of Hono).
    api.server.on("request", (incoming: IncomingMessage) => {
      apiHits.push({ method: incoming.method ?? "", path: incoming.url ?? "" });
    });
    API = `http://api.selgeo.test:${api.port}`;

    // A deployment whose limit is one click a minute, to meet a real 429.
    limited = await createHarness({ clock: new ManualClock(new Date()), rateLimitPerMinute: 1 });
    const limitedApi = await listen(createApp(limited.services), {
      services: limited.services,
    });
    LIMITED_API = `http://limited-api.selgeo.test:${limitedApi.port}`;

    const cdnApp = new Hono();
    registerSnippet(cdnApp, { code, lazyCode });
    const cdn = await listen(cdnApp);
    CDN = `http://cdn.selgeo.test:${cdn.port}`;
    servers.push(api, limitedApi, cdn);

    shopServer = createServer((request, response) => {
      const path = new URL(request.url ?? "/", "http://shop").pathname;
      // Chromium asks every new origin for its icon; a 404 would read as a console error.
      if (path === "/favicon.ico") {
        response.writeHead(204).end();
        return;
      }
      const page = pages.get(path);
      if (!page) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        ...(page.csp ? { "Content-Security-Policy": page.csp } : {}),
      });
      response.end(
        `<!doctype html><html><head><title>Shop</title>${page.head}</head><body>${page.body ?? "<h1>Shop</h1>"}</body></html>`,
      );
    });
    await new Promise<void>((resolve) => shopServer.listen(0, "127.0.0.1", resolve));
    shopPort = (shopServer.address() as AddressInfo).port;

    context = await browser.newContext({
      // Headless Chromium announces itself as HeadlessChrome, which the API ignores as a bot.
      userAgent:
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    });
    await context.addInitScript((eventName) => {
      window.__events = [];
      window.__violations = [];
      addEventListener(eventName, (event) => {
        window.__events.push((event as CustomEvent).detail);
      });
      document.addEventListener("securitypolicyviolation", (event) => {
        window.__violations.push({
          blockedURI: event.blockedURI,
          directive: event.effectiveDirective,
        });
      });
    }, DEBUG_EVENT_NAME);
    sharedPage = await context.newPage();
    context.on("request", (request) => {
      const url = request.url();
      if (url.startsWith(`${API}/`) || url.startsWith(`${LIMITED_API}/`)) {
        current?.apiRequests.push(request);
      }
    });
    sharedPage.on("console", (message) => {
      if (message.type() === "error") current?.consoleErrors.push(message.text());
    });
    sharedPage.on("pageerror", (error) => current?.pageErrors.push(error));
  });

  afterEach(async () => {
    // Leaving the page stops its timers, so nothing of this test reaches the next one.
    await sharedPage.goto("about:blank");
    const errors = current?.pageErrors.map(String) ?? [];
    current = undefined;
    // The contract: never throw into the page, whatever happened in the test.
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => server.close()));
    await new Promise((resolve) => shopServer?.close(resolve));
    await harness?.close();
    await limited?.close();
  });

  /** `<script src=CDN/v1/selgeo.js …>` with the test merchant's key and the API's origin. */
  function snippetTag(attributes: Record<string, string | null> = {}): string {
    const all: Record<string, string | null> = {
      "data-merchant": harness.merchant.keys.pk_test,
      "data-api": API,
      ...attributes,
    };
    const rendered = Object.entries(all)
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([name, value]) => ` ${name}="${value}"`)
      .join("");
    return `<script src="${CDN}/v1/selgeo.js"${rendered} async></script>`;
  }

  function newVisitor(): Visitor {
    visitorCount++;
    const shop = `http://shop-${visitorCount}.selgeo.test:${shopPort}`;
    current = {
      page: sharedPage,
      shop,
      pageUrl(page) {
        const path = `/${randomUUID()}`;
        pages.set(path, page);
        return `${shop}${path}`;
      },
      apiRequests: [],
      consoleErrors: [],
      pageErrors: [],
    };
    return current;
  }

  const clickPosts = (visitor: Visitor) =>
    visitor.apiRequests.filter(
      (request) => request.method() === "POST" && request.url().endsWith("/api/v1/clicks"),
    );

  /** Waits for the snippet to settle this visit; returns what ready() passed: the click id. */
  function settled(page: Page): Promise<string | null> {
    return page.evaluate(
      () =>
        new Promise<string | null>((resolve) => {
          // The tag is async: __selgeo appears once it has run.
          const whenLoaded = () =>
            window.__selgeo ? window.__selgeo.ready(resolve) : setTimeout(whenLoaded, 10);
          whenLoaded();
        }),
    );
  }

  /** The visit's debug events, named through the decoder every reader uses. */
  const eventsOf = async (page: Page) =>
    (await page.evaluate(() => window.__events)).map((detail) => {
      const event = decodeDebugEvent(detail) as DebugEvent;
      // Each one is an event the extension believes (debug-event-schema.ts), exactly as decoded.
      expect(parseDebugEvent(event)).toEqual(event);
      return event;
    });
  const eventTypes = async (page: Page) => (await eventsOf(page)).map((event) => event.type);

  async function storedClick(page: Page): Promise<StoredClick | null> {
    const raw = await page.evaluate((key) => localStorage.getItem(key), CLICK_STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredClick) : null;
  }

  async function cookieClickId(visitor: Visitor): Promise<string | undefined> {
    const cookies = await context.cookies(visitor.shop);
    return cookies.find((cookie) => cookie.name === CLICK_COOKIE_NAME)?.value;
  }

  describe("clicks", () => {
    it("?ref=demo: exactly one click request, its id in the cookie, localStorage and getClickId()", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      const url = visitor.pageUrl({ head: snippetTag() });
      await page.goto(`${url}?ref=demo&utm_source=newsletter`, {
        referer: "https://partner.example/post",
      });
      const clickId = await settled(page);

      expect(clickId).toMatch(/^clk_[\w-]+$/);
      expect(await page.evaluate(() => window.__selgeo!.getClickId())).toBe(clickId);
      expect(await page.evaluate(() => window.__selgeo!.mode)).toBe("test");

      // One POST, text/plain so no preflight was needed (and none was made).
      const posts = clickPosts(visitor);
      expect(posts).toHaveLength(1);
      expect(visitor.apiRequests).toHaveLength(1);
      const post = posts[0]!;
      expect(post.headers()["content-type"]).toMatch(/^text\/plain/);
      expect(post.postDataJSON()).toEqual({
        key: harness.merchant.keys.pk_test,
        ref: "demo",
        url: `${url}?ref=demo&utm_source=newsletter`,
        referrer: "https://partner.example/post",
        // Playwright's browser reports navigator.webdriver: the fraud signal (docs/fraud.md).
        automated: true,
      });

      const stored = await storedClick(page);
      expect(stored).toMatchObject({
        click_id: clickId,
        ref: "demo",
        mode: "test",
        attribution_model: "last_click",
      });
      const cookie = (await context.cookies(visitor.shop)).find(
        (c) => c.name === CLICK_COOKIE_NAME,
      );
      expect(cookie).toMatchObject({
        value: clickId,
        sameSite: "Lax",
        secure: false,
        httpOnly: false,
        path: "/",
      });
      // Cookie and storage both end when the click's attribution window does.
      expect(Math.abs(cookie!.expires - Date.parse(stored!.expires_at) / 1000)).toBeLessThanOrEqual(
        1,
      );
      expect(Date.parse(stored!.expires_at) - Date.now()).toBeGreaterThan(29 * 86_400_000);

      expect(await eventTypes(page)).toEqual(["loaded", "click_recorded"]);
      const recorded = await harness.get(`/api/v1/clicks/${clickId}`, {
        key: harness.merchant.keys.sk_test,
      });
      expect(recorded.status).toBe(200);
      expect(recorded.body).toMatchObject({
        id: clickId,
        ref: "demo",
        mode: "test",
        partner_id: harness.partner.id,
      });
    });

    it("a reload, and a later visit without a ref, reuse the click: no second request", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      const url = visitor.pageUrl({ head: snippetTag() });
      await page.goto(`${url}?ref=demo`);
      const clickId = await settled(page);
      expect(clickId).toMatch(/^clk_/);

      await page.reload();
      expect(await settled(page)).toBe(clickId);
      expect(await eventsOf(page)).toContainEqual({
        type: "click_reused",
        click_id: clickId,
        ref: "demo",
      });

      await page.goto(url);
      expect(await settled(page)).toBe(clickId);
      expect(await eventTypes(page)).toEqual(["loaded", "no_ref"]);

      expect(clickPosts(visitor)).toHaveLength(1);
    });

    it("localStorage cleared, the cookies remain: later visits still have the click, the same ref sends nothing", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      const url = visitor.pageUrl({ head: snippetTag() });
      await page.goto(`${url}?ref=demo`);
      const clickId = await settled(page);
      expect(clickId).toMatch(/^clk_/);
      const names = (await context.cookies(visitor.shop)).map((c) => c.name).sort();
      expect(names).toEqual([CLICK_ENTRY_COOKIE_NAME, CLICK_COOKIE_NAME].sort());

      await page.evaluate(() => localStorage.clear());
      await page.goto(url);
      expect(await settled(page)).toBe(clickId);
      expect(await page.evaluate(() => window.__selgeo!.getClickId())).toBe(clickId);

      await page.evaluate(() => localStorage.clear());
      await page.goto(`${url}?ref=demo`);
      expect(await settled(page)).toBe(clickId);
      expect(await eventsOf(page)).toContainEqual({
        type: "click_reused",
        click_id: clickId,
        ref: "demo",
      });
      expect(clickPosts(visitor)).toHaveLength(1);
    });

    it("localStorage blocked (it throws): the cookies alone carry the click", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      const blockStorage = `<script>Object.defineProperty(window, "localStorage", { get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });</script>`;
      const url = visitor.pageUrl({ head: `${blockStorage}${snippetTag()}` });
      await page.goto(`${url}?ref=demo`);
      const clickId = await settled(page);
      expect(clickId).toMatch(/^clk_/);
      expect(await cookieClickId(visitor)).toBe(clickId);

      await page.goto(url);
      expect(await settled(page)).toBe(clickId);
      await page.goto(`${url}?ref=demo`);
      expect(await settled(page)).toBe(clickId);
      expect(clickPosts(visitor)).toHaveLength(1);
    });

    it("last_click (the default): a visit with another ref replaces the stored click", async () => {
      const bob = await harness.createPartner({ name: "Bob", ref: `bob-${visitorCount}` });
      const visitor = newVisitor();
      const { page } = visitor;
      const url = visitor.pageUrl({ head: snippetTag() });
      await page.goto(`${url}?ref=demo`);
      const first = await settled(page);

      await page.goto(`${url}?ref=${bob.ref}`);
      const second = await settled(page);
      expect(second).toMatch(/^clk_/);
      expect(second).not.toBe(first);
      expect(clickPosts(visitor)).toHaveLength(2);
      expect(await storedClick(page)).toMatchObject({ click_id: second, ref: bob.ref });
      expect(await cookieClickId(visitor)).toBe(second);
      const recorded = await harness.get(`/api/v1/clicks/${second}`, {
        key: harness.merchant.keys.sk_test,
      });
      expect(recorded.body.partner_id).toBe(bob.id);
    });

    it("first_click: a visit with another ref keeps the first click and sends nothing", async () => {
      const program = await harness.createProgram({
        name: "First wins",
        attribution_model: "first_click",
      });
      const suffix = visitorCount;
      const first = await harness.createPartner({
        ref: `first-a-${suffix}`,
        program_id: program.id,
      });
      const later = await harness.createPartner({
        ref: `first-b-${suffix}`,
        program_id: program.id,
      });
      const visitor = newVisitor();
      const { page } = visitor;
      const url = visitor.pageUrl({ head: snippetTag() });

      await page.goto(`${url}?ref=${first.ref}`);
      const clickId = await settled(page);
      expect(await storedClick(page)).toMatchObject({
        ref: first.ref,
        attribution_model: "first_click",
      });

      await page.goto(`${url}?ref=${later.ref}`);
      expect(await settled(page)).toBe(clickId);
      expect(clickPosts(visitor)).toHaveLength(1);
      expect(await eventsOf(page)).toContainEqual({
        type: "click_kept",
        click_id: clickId,
        ref: first.ref,
        ignored_ref: later.ref,
      });
      expect(await cookieClickId(visitor)).toBe(clickId);
    });

    it("no ref: not a single request to the API", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      const hitsBefore = apiHits.length;
      await page.goto(visitor.pageUrl({ head: snippetTag() }));
      expect(await settled(page)).toBeNull();
      expect(await eventTypes(page)).toEqual(["loaded", "no_ref"]);
      expect(visitor.apiRequests).toEqual([]);
      expect(apiHits.length).toBe(hitsBefore);
      expect(await cookieClickId(visitor)).toBeUndefined();
      expect(await storedClick(page)).toBeNull();
    });

    it("data-ref-params: reads the merchant's own parameter names", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      await page.goto(
        `${visitor.pageUrl({ head: snippetTag({ "data-ref-params": "via,aff" }) })}?ref=nobody&aff=demo`,
      );
      expect(await settled(page)).toMatch(/^clk_/);
      expect(clickPosts(visitor)[0]!.postDataJSON().ref).toBe("demo");
    });

    it("a pk_live_ key records the click in live mode", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      const { pk_live, sk_live, sk_test } = harness.merchant.keys;
      await page.goto(
        `${visitor.pageUrl({ head: snippetTag({ "data-merchant": pk_live }) })}?ref=demo`,
      );
      const clickId = await settled(page);
      expect(clickId).toMatch(/^clk_/);
      expect(await page.evaluate(() => window.__selgeo!.mode)).toBe("live");
      expect(await storedClick(page)).toMatchObject({ click_id: clickId, mode: "live" });
      expect((await harness.get(`/api/v1/clicks/${clickId}`, { key: sk_live })).body.mode).toBe(
        "live",
      );
      // Test and live never mix: the test secret key does not see it.
      expect((await harness.get(`/api/v1/clicks/${clickId}`, { key: sk_test })).status).toBe(404);
    });

    it.each([
      ["malformed", (): string | null => "pk_test_YOUR_KEY"],
      ["secret", (): string | null => harness.merchant.keys.sk_test],
      ["missing", (): string | null => null],
    ] as const)(
      "a %s key: no request, no exception, a key_invalid debug event",
      async (reason, key) => {
        const visitor = newVisitor();
        const { page } = visitor;
        const hitsBefore = apiHits.length;
        await page.goto(
          `${visitor.pageUrl({ head: snippetTag({ "data-merchant": key() }) })}?ref=demo`,
        );
        expect(await settled(page)).toBeNull();

        const events = await eventsOf(page);
        expect(events.map((event) => event.type)).toEqual(["loaded", "key_invalid"]);
        expect(events[1]).toMatchObject({ type: "key_invalid", reason });
        expect(await page.evaluate(() => window.__selgeo!.mode)).toBeNull();
        expect(visitor.apiRequests).toEqual([]);
        expect(apiHits.length).toBe(hitsBefore);
        // Silent for the visitor: nothing in the console either.
        expect(visitor.consoleErrors).toEqual([]);
        // A secret key is never repeated on the debug channel.
        expect(JSON.stringify(events)).not.toContain(harness.merchant.keys.sk_test.slice(8));
      },
    );

    it("429 from the API: exactly one console.error, naming the rate limit", async () => {
      // Spend the deployment's one click of this minute.
      expect((await limited.click("demo")).status).toBe(201);
      const visitor = newVisitor();
      const { page } = visitor;
      const tag = snippetTag({
        "data-merchant": limited.merchant.keys.pk_test,
        "data-api": LIMITED_API,
      });
      await page.goto(`${visitor.pageUrl({ head: tag })}?ref=demo`);
      // Queued for a retry after Retry-After: the failed-click stand-in meanwhile (docs/snippet.md).
      expect(await settled(page)).toBe(`${FAILED_CLICK_PREFIX}demo`);

      expect(clickPosts(visitor)).toHaveLength(1);
      expect((await clickPosts(visitor)[0]!.response())?.status()).toBe(429);
      // Chromium itself logs the failed load; everything else in the console is the snippet's.
      const fromPage = visitor.consoleErrors.filter(
        (text) => !text.startsWith("Failed to load resource"),
      );
      expect(fromPage).toHaveLength(1);
      expect(fromPage[0]).toContain("Selgeo");
      expect(fromPage[0]).toContain("rate limit exceeded");
      expect(fromPage[0]).toContain("1,000 requests per minute per public key");
      const rateLimited = (await eventsOf(page)).find((event) => event.type === "rate_limited");
      expect(rateLimited).toMatchObject({ type: "rate_limited", ref: "demo" });
      expect((rateLimited as { retry_after: number }).retry_after).toBeGreaterThan(0);
      expect(await storedClick(page)).toBeNull();
    });

    it("the tag pasted twice still records one click", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      await page.goto(`${visitor.pageUrl({ head: snippetTag() + snippetTag() })}?ref=demo`);
      expect(await settled(page)).toMatch(/^clk_/);
      // Both copies ran (the browser fetched the script once, executed it twice).
      await page.waitForFunction(
        () => document.querySelectorAll("script[data-merchant]").length === 2,
      );
      expect(clickPosts(visitor)).toHaveLength(1);
    });
  });

  describe("a newer partner link that fails to record (last_click)", () => {
    const clickUrl = () => `${API}/api/v1/clicks`;
    const BUY = '<a id="buy" href="https://buy.stripe.com/test_truth">Buy</a>';
    const buyHref = (page: Page) =>
      page.evaluate(() => document.getElementById("buy")!.getAttribute("href"));
    const pendingOf = (page: Page) =>
      page.evaluate((key) => localStorage.getItem(key), PENDING_STORAGE_KEY);
    const failureOf = (clickId: string) =>
      harness.services.store.db
        .selectFrom("click_failures")
        .selectAll()
        .where("click_id", "=", clickId)
        .executeTakeFirst();

    it("the older partner's click is withheld (its stand-in instead) until the retry on a later page load records the newer one", async () => {
      const bob = await harness.createPartner({ name: "Bob", ref: `bob-f-${visitorCount}` });
      const marker = `${FAILED_CLICK_PREFIX}${bob.ref}`;
      const visitor = newVisitor();
      const { page } = visitor;
      const url = visitor.pageUrl({ head: snippetTag(), body: BUY });
      await page.goto(`${url}?ref=demo`);
      const alice = await settled(page);
      expect(alice).toMatch(/^clk_/);

      // Bob's link: the click request never reaches the API (a blocker, a dropped connection).
      await page.route(clickUrl(), (route) => route.abort("blockedbyclient"));
      try {
        await page.goto(`${url}?ref=${bob.ref}`);
        // Alice's click is nowhere a merchant would read a click id: the stand-in is.
        expect(await settled(page)).toBe(marker);
        expect(await page.evaluate(() => window.__selgeo!.getClickId())).toBe(marker);
        expect(await buyHref(page)).toBe(
          `https://buy.stripe.com/test_truth?client_reference_id=${marker}`,
        );
        expect(await cookieClickId(visitor)).toBe(marker);
        const events = await eventsOf(page);
        expect(events).toContainEqual({ type: "click_failed", status: 0, ref: bob.ref });
        expect(events).toContainEqual({
          type: "click_queued",
          ref: bob.ref,
          failed_attempts: 1,
          retry_in: 2000,
          withheld: alice,
        });
        expect(JSON.stringify(events.filter((e) => e.type === "links_decorated"))).not.toContain(
          alice as string,
        );
        expect(JSON.parse((await pendingOf(page)) as string)).toMatchObject({
          ref: bob.ref,
          mode: "test",
          failed_attempts: 1,
        });
        // The visitor buys now: the merchant reports what the page gave it. Nobody is credited
        // (certainly not Alice), and the conversion says why.
        const now = await harness.post("/api/v1/conversions", {
          key: harness.merchant.keys.sk_test,
          body: {
            click_id: await page.evaluate(() => window.__selgeo!.getClickId()),
            event_type: "purchase",
            external_transaction_id: `txn_${randomUUID()}`,
            amount_cents: 5000,
            currency: "EUR",
          },
        });
        expect(now.body).toMatchObject({
          status: "unattributed",
          reason: "CLICK_ID_MISSING",
          reason_detail: "click_failed_in_browser",
          partner_id: null,
          commission: null,
        });
        // A page load without a ref, still failing: Alice stays withheld, the count grows.
        await page.goto(url);
        expect(await settled(page)).toBe(marker);
        expect(JSON.parse((await pendingOf(page)) as string).failed_attempts).toBe(2);
      } finally {
        await page.unroute(clickUrl());
      }

      // The API is reachable again: the next page load retries Bob's click and it lands.
      await page.goto(url);
      const bobClick = await settled(page);
      expect(bobClick).toMatch(/^clk_/);
      expect(bobClick).not.toBe(alice);
      expect(await page.evaluate(() => window.__selgeo!.getClickId())).toBe(bobClick);
      expect(await buyHref(page)).toBe(
        `https://buy.stripe.com/test_truth?client_reference_id=${bobClick}`,
      );
      expect(await pendingOf(page)).toBeNull();
      expect(await storedClick(page)).toMatchObject({ click_id: bobClick, ref: bob.ref });
      const recorded = await harness.get(`/api/v1/clicks/${bobClick}`, {
        key: harness.merchant.keys.sk_test,
      });
      expect(recorded.body.partner_id).toBe(bob.id);
      // The server learned that this click failed in the browser first, and how often.
      expect(await failureOf(bobClick as string)).toMatchObject({
        partner_id: bob.id,
        mode: "test",
        failed_attempts: 2,
      });
      // The purchase reported with what the page now says credits Bob, never Alice.
      const conversion = await harness.post("/api/v1/conversions", {
        key: harness.merchant.keys.sk_test,
        body: {
          click_id: bobClick,
          event_type: "purchase",
          external_transaction_id: `txn_${randomUUID()}`,
          amount_cents: 5000,
          currency: "EUR",
        },
      });
      expect(conversion.status).toBe(201);
      expect(conversion.body).toMatchObject({ reason: "ATTRIBUTED", partner_id: bob.id });
    });

    it("a failed click is retried on the same page with back-off and then decorates the links", async () => {
      const bob = await harness.createPartner({ name: "Bob", ref: `bob-r-${visitorCount}` });
      const visitor = newVisitor();
      const { page } = visitor;
      let refused = 0;
      // Only the first request fails (a flaky network): the 2 s retry gets through.
      await page.route(clickUrl(), (route) =>
        refused++ === 0 ? route.abort("connectionreset") : route.continue(),
      );
      try {
        await page.goto(`${visitor.pageUrl({ head: snippetTag(), body: BUY })}?ref=${bob.ref}`);
        expect(await settled(page)).toBe(`${FAILED_CLICK_PREFIX}${bob.ref}`);
        await page.waitForFunction(
          (prefix) => !window.__selgeo!.getClickId()!.startsWith(prefix),
          FAILED_CLICK_PREFIX,
          { timeout: 15000 },
        );
      } finally {
        await page.unroute(clickUrl());
      }
      const id = await page.evaluate(() => window.__selgeo!.getClickId());
      expect(id).toMatch(/^clk_[A-Za-z0-9]{24}$/);
      expect(await cookieClickId(visitor)).toBe(id);
      expect(await buyHref(page)).toBe(
        `https://buy.stripe.com/test_truth?client_reference_id=${id}`,
      );
      expect((await eventTypes(page)).filter((type) => type.startsWith("click_"))).toEqual([
        "click_failed",
        "click_queued",
        "click_recorded",
      ]);
      expect(await failureOf(id as string)).toMatchObject({
        partner_id: bob.id,
        failed_attempts: 1,
      });
    });

    it("an answer that will not change (unknown ref) keeps the stored click in use, nothing queued", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      const url = visitor.pageUrl({ head: snippetTag(), body: BUY });
      await page.goto(`${url}?ref=demo`);
      const alice = await settled(page);
      await page.goto(`${url}?ref=nobody-${visitorCount}`);
      expect(await settled(page)).toBe(alice);
      expect(await buyHref(page)).toBe(
        `https://buy.stripe.com/test_truth?client_reference_id=${alice}`,
      );
      expect(await pendingOf(page)).toBeNull();
      expect(await eventTypes(page)).not.toContain("click_queued");
    });
  });

  describe("configuration", () => {
    it.each(["https//api.selgeo.test", "http://"])(
      "data-api=%j: config_invalid on the debug channel, no request, no exception, __selgeo set",
      async (value) => {
        const visitor = newVisitor();
        const { page } = visitor;
        const clickRequests: string[] = [];
        const onRequest = (request: Request) => {
          if (request.url().includes("/api/v1/")) clickRequests.push(request.url());
        };
        page.on("request", onRequest);
        try {
          await page.goto(
            `${visitor.pageUrl({ head: snippetTag({ "data-api": value }) })}?ref=demo`,
          );
          expect(await settled(page)).toBeNull();
          expect(await eventsOf(page)).toEqual([
            {
              type: "loaded",
              version: expect.any(String),
              key: harness.merchant.keys.pk_test,
              api: null,
            },
            { type: "config_invalid", attribute: "data-api", value },
          ]);
          expect(await page.evaluate(() => window.__selgeo!.mode)).toBe("test");
          expect(await page.evaluate(() => window.__selgeo!.getClickId())).toBeNull();
          expect(clickRequests).toEqual([]);
          expect(visitor.consoleErrors).toEqual([]);
        } finally {
          page.off("request", onRequest);
        }
      },
    );
  });

  describe("Stripe Payment Links", () => {
    const linksBody = (lateLinkDelayMs: number) => `
      <a id="plain" href="https://buy.stripe.com/test_plain">Buy</a>
      <a id="query" href="https://buy.stripe.com/test_query?prefilled_email=jane%40example.com&locale=fr">Buy</a>
      <a id="own" href="https://buy.stripe.com/test_own?client_reference_id=order_42">Buy</a>
      <a id="stale" href="https://buy.stripe.com/test_stale?client_reference_id=clk_fromAnOlderVisit">Buy</a>
      <a id="other" href="https://checkout.example/buy?x=1">Elsewhere</a>
      <stripe-pricing-table pricing-table-id="prctbl_1" publishable-key="pk_test_stripe"></stripe-pricing-table>
      <stripe-buy-button buy-button-id="buy_btn_1" publishable-key="pk_test_stripe"></stripe-buy-button>
      <script>
        addEventListener("load", function () {
          var loadedAt = performance.now();
          setTimeout(function () {
            var link = document.createElement("a");
            link.id = "late";
            link.href = "https://buy.stripe.com/test_late";
            link.textContent = "Buy (rendered late)";
            document.body.appendChild(link);
            window.__lateInsertedAfterLoadMs = performance.now() - loadedAt;
          }, ${lateLinkDelayMs});
        });
      </script>`;

    const hrefs = (page: Page) =>
      page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll("a")].map((link) => [link.id, link.getAttribute("href")]),
        ),
      );
    const elementReferences = (page: Page) =>
      page.evaluate(() =>
        [...document.querySelectorAll("stripe-pricing-table, stripe-buy-button")].map((element) =>
          element.getAttribute("client-reference-id"),
        ),
      );

    it("decorated with the click id, including a link inserted 2 s after load", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      await page.goto(`${visitor.pageUrl({ head: snippetTag(), body: linksBody(2000) })}?ref=demo`);
      const id = await settled(page);
      expect(id).toMatch(/^clk_/);

      expect(await hrefs(page)).toEqual({
        plain: `https://buy.stripe.com/test_plain?client_reference_id=${id}`,
        query: `https://buy.stripe.com/test_query?prefilled_email=jane%40example.com&locale=fr&client_reference_id=${id}`,
        // The merchant's own reference stays; an older Selgeo click is replaced.
        own: "https://buy.stripe.com/test_own?client_reference_id=order_42",
        stale: `https://buy.stripe.com/test_stale?client_reference_id=${id}`,
        other: "https://checkout.example/buy?x=1",
      });
      expect(await elementReferences(page)).toEqual([id, id]);
      expect(await eventsOf(page)).toContainEqual({
        type: "links_decorated",
        count: 5,
        click_id: id,
        kept: 1,
      });

      await page.waitForSelector("#late", { timeout: 5000 });
      await page.waitForFunction(
        (expected) => document.getElementById("late")!.getAttribute("href") === expected,
        `https://buy.stripe.com/test_late?client_reference_id=${id}`,
        { timeout: 2000 },
      );
      expect(await page.evaluate(() => window.__lateInsertedAfterLoadMs)).toBeGreaterThanOrEqual(
        2000,
      );
      expect(await eventsOf(page)).toContainEqual({
        type: "links_decorated",
        count: 1,
        click_id: id,
        kept: 1,
      });

      // A framework re-rendering a link drops the parameter: it comes back.
      await page.evaluate(() =>
        document.getElementById("plain")!.setAttribute("href", "https://buy.stripe.com/test_plain"),
      );
      await page.waitForFunction(
        (expected) => document.getElementById("plain")!.getAttribute("href") === expected,
        `https://buy.stripe.com/test_plain?client_reference_id=${id}`,
        { timeout: 2000 },
      );
      // So does a Stripe element's reference (watched by selgeo-lazy.js once it is loaded).
      await page.evaluate(() =>
        document.querySelector("stripe-buy-button")!.removeAttribute("client-reference-id"),
      );
      await page.waitForFunction(
        (expected) =>
          document.querySelector("stripe-buy-button")!.getAttribute("client-reference-id") ===
          expected,
        id,
        { timeout: 2000 },
      );
    });

    it("nothing is decorated without a click id, not even links added later", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      await page.goto(visitor.pageUrl({ head: snippetTag(), body: linksBody(300) }));
      expect(await settled(page)).toBeNull();
      await page.waitForSelector("#late", { timeout: 5000 });
      // Give a mutation observer every chance to act on the late link.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));

      expect(await hrefs(page)).toEqual({
        plain: "https://buy.stripe.com/test_plain",
        query: "https://buy.stripe.com/test_query?prefilled_email=jane%40example.com&locale=fr",
        own: "https://buy.stripe.com/test_own?client_reference_id=order_42",
        stale: "https://buy.stripe.com/test_stale?client_reference_id=clk_fromAnOlderVisit",
        other: "https://checkout.example/buy?x=1",
        late: "https://buy.stripe.com/test_late",
      });
      expect(await elementReferences(page)).toEqual([null, null]);
      expect(await eventTypes(page)).not.toContain("links_decorated");
    });
  });

  describe("Content Security Policy", () => {
    // The merchant's own code, as the troubleshooting guide writes it: it must keep working.
    const MERCHANT_SCRIPT = `<script nonce="${NONCE}">
      addEventListener("load", function () {
        var clickId = window.__selgeo ? window.__selgeo.getClickId() : null;
        document.getElementById("status").textContent = "page works, click id: " + clickId;
      });
    </script>`;
    const BODY = `<h1>Shop</h1><p id="status">not yet</p>${MERCHANT_SCRIPT}`;

    it("a CSP blocking the CDN: the snippet never runs, the page keeps working", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      const hitsBefore = apiHits.length;
      const csp = `default-src 'self'; script-src 'self' 'nonce-${NONCE}'; connect-src 'self' ${API}`;
      await page.goto(`${visitor.pageUrl({ head: snippetTag(), body: BODY, csp })}?ref=demo`);

      await page.waitForFunction(() => window.__violations.length > 0);
      expect(await page.evaluate(() => window.__violations)).toContainEqual({
        blockedURI: expect.stringMatching(new RegExp(`^${CDN}`)),
        directive: "script-src-elem",
      });
      expect(await page.textContent("#status")).toBe("page works, click id: null");
      expect(await page.evaluate(() => window.__selgeo)).toBeUndefined();
      expect(visitor.apiRequests).toEqual([]);
      expect(apiHits.length).toBe(hitsBefore);
    });

    it("a CSP blocking the API: the snippet reports click_failed, throws nothing, the page keeps working", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      const hitsBefore = apiHits.length;
      const csp = `default-src 'self'; script-src 'self' ${CDN} 'nonce-${NONCE}'; connect-src 'self'`;
      await page.goto(`${visitor.pageUrl({ head: snippetTag(), body: BODY, csp })}?ref=demo`);

      expect(await settled(page)).toBe(`${FAILED_CLICK_PREFIX}demo`);
      expect(await eventsOf(page)).toContainEqual({
        type: "click_failed",
        status: 0,
        ref: "demo",
        code: undefined,
      });
      await page.waitForFunction(() => window.__violations.length > 0);
      expect(await page.evaluate(() => window.__violations)).toContainEqual({
        blockedURI: expect.stringMatching(new RegExp(`^${API}`)),
        directive: "connect-src",
      });
      // Read at load: before the request failed (null) or after (the stand-in); never a click.
      expect(await page.textContent("#status")).toMatch(
        new RegExp(`^page works, click id: (null|${FAILED_CLICK_PREFIX}demo)$`),
      );
      expect(apiHits.length).toBe(hitsBefore);
      // Only the browser's own CSP report is in the console; the snippet stays quiet.
      expect(visitor.consoleErrors.filter((text) => text.includes("Selgeo"))).toEqual([]);
    });
  });

  describe("the whole path", () => {
    it("ref visit → click → conversion with that click id → attributed, commission created", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      await page.goto(`${visitor.pageUrl({ head: snippetTag() })}?ref=demo`);
      const clickId = await settled(page);
      expect(clickId).toMatch(/^clk_/);

      // The merchant's server reports the sale with the id it read from __selgeo.getClickId().
      const { sk_test } = harness.merchant.keys;
      const conversion = await harness.post("/api/v1/conversions", {
        key: sk_test,
        body: {
          click_id: clickId,
          event_type: "purchase",
          external_transaction_id: `txn_${randomUUID()}`,
          amount_cents: 4900,
          currency: "EUR",
        },
      });
      expect(conversion.status).toBe(201);
      expect(conversion.body).toMatchObject({
        status: "attributed",
        reason: "ATTRIBUTED",
        partner_id: harness.partner.id,
        commission: { amount_cents: 980, currency: "EUR" },
      });
      const commissions = await harness.get("/api/v1/commissions?limit=100", { key: sk_test });
      expect(commissions.body.data.map((commission: { id: string }) => commission.id)).toContain(
        conversion.body.commission.id,
      );
    });

    it("the demo shop at /demo: referred visit, Payment Link decorated, Buy → attributed", async () => {
      const visitor = newVisitor();
      const { page } = visitor;
      await page.goto(`${API}/demo?ref=demo`);
      const clickId = await settled(page);
      expect(clickId).toMatch(/^clk_/);
      expect(await page.getAttribute("#payment-link", "href")).toBe(
        `https://buy.stripe.com/test_6oE9Bk3Ye0gQ5Ek288?client_reference_id=${clickId}`,
      );
      await page.waitForFunction(
        (id) => document.getElementById("click")!.textContent === id,
        clickId,
      );
      // The page names the snippet's wire events with the extension's decoder.
      expect(await page.textContent("#events")).toContain('{"type":"loaded","version":');
      expect(await page.textContent("#events")).toContain('{"type":"click_recorded","click_id":');

      await page.click("#buy");
      await page.waitForSelector("#result[data-status]");
      expect(await page.getAttribute("#result", "data-status")).toBe("attributed");
      expect(await page.textContent("#result")).toMatch(
        /^Attributed to partner prt_\w+: commission 9\.80 EUR/,
      );

      const audit = await harness.get(`/api/v1/audit-log?click_id=${clickId}`, {
        key: harness.merchant.keys.sk_test,
      });
      expect(audit.status).toBe(200);
      expect(JSON.stringify(audit.body)).toContain("ATTRIBUTED");
    });
  });
});

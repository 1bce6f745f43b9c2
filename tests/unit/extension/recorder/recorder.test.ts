import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { Recorder } from "../../../../extension/recorder/recorder";
import type { TrackedRequest } from "../../../../extension/recorder/requestTracker";
import type { KeyCheck } from "../../../../extension/session/events";
import { SessionDb } from "../../../../extension/store/db";
import { SessionStore } from "../../../../extension/store/sessionStore";
import {
  API,
  KEYS,
  LAZY_SRC,
  lazyRequest,
  PAGE_URL,
  request,
  SNIPPET_SRC,
  snapshot,
  snippetRequest,
} from "../timeline";

let n = 0;
function setup(name = `recorder-${++n}`) {
  const checks: string[] = [];
  const store = new SessionStore(new SessionDb(name, { indexedDB, IDBKeyRange }));
  let clock = 1000;
  const recorder = new Recorder({
    store,
    now: () => ++clock,
    checkKey: async (apiOrigin, key): Promise<KeyCheck> => {
      checks.push(`${apiOrigin} ${key}`);
      return {
        kind: "key_check",
        apiOrigin,
        key,
        result: { valid: true, mode: "live", merchant: "Acme" },
        error: null,
        requestId: "req_chk",
      };
    },
  });
  return { recorder, store, checks, name };
}

const tracked = (record: TrackedRequest["record"], at = 500): TrackedRequest => ({
  tabId: 1,
  at,
  record,
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("Recorder", () => {
  it("holds requests until the tag names Selgeo's hosts, then keeps only those", async () => {
    const { recorder } = setup();
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.request(
      tracked(
        request({ url: "https://shop.example.com/app.js", resourceType: "script", status: 200 }),
      ),
    );
    await recorder.request(tracked(request()));
    await recorder.request(tracked(snippetRequest()));
    await recorder.observed(1, "doc1", snapshot());
    await settle();
    const view = await recorder.session(1);
    const urls = view.timeline.flatMap((e) => (e.event.kind === "request" ? [e.event.url] : []));
    expect(urls.sort()).toEqual([`${API}/api/v1/clicks`, SNIPPET_SRC].sort());
  });

  it("checks a publishable key once per page and never sends a secret key", async () => {
    const { recorder, checks } = setup();
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot({ phase: "complete" }));
    await recorder.observed(1, "doc1", snapshot());
    await settle();
    expect(checks).toEqual([`${API} ${KEYS.pk_live}`]);
    const view = await recorder.session(1);
    expect(view.status.merchant).toBe("Acme");
    expect(view.ready).toBe(true);

    await recorder.mainFrame(1, PAGE_URL, 200);
    await recorder.observed(
      1,
      "doc2",
      snapshot({
        tags: [snapshot().tags[0]!].map((t) => ({ ...t, merchant: KEYS.sk_live_masked })),
      }),
    );
    await settle();
    expect(checks).toHaveLength(1);
  });

  it("is not ready after a debug event until the snapshot that follows it has arrived", async () => {
    const { recorder } = setup();
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot());
    await settle();
    expect((await recorder.session(1)).ready).toBe(true);
    // A slow click answered after `settled`: the stored click shows in the next snapshot only.
    await recorder.observed(1, "doc1", {
      kind: "debug_event",
      event: { type: "click_recorded", click_id: "clk_0VcelOCysO4r8pGeDbygRk9R", ref: "demo" },
    });
    expect((await recorder.session(1)).ready).toBe(false);
    await recorder.observed(1, "doc1", snapshot());
    expect((await recorder.session(1)).ready).toBe(true);
  });

  it("is not ready while a click request's answer is unannounced by the snippet", async () => {
    const { recorder } = setup();
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot());
    // The network saw the click answered; the page has not read the answer yet (a slow API).
    await recorder.request(tracked(request(), 1500));
    await settle();
    expect((await recorder.session(1)).ready).toBe(false);
    await recorder.observed(1, "doc1", {
      kind: "debug_event",
      event: { type: "click_recorded", click_id: "clk_0VcelOCysO4r8pGeDbygRk9R", ref: "demo" },
    });
    await recorder.observed(1, "doc1", snapshot());
    expect((await recorder.session(1)).ready).toBe(true);
  });

  it("keeps selgeo-lazy.js's request; when it cannot run, the unannounced click holds nothing up", async () => {
    const { recorder } = setup();
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.request(
      tracked(lazyRequest({ status: null, error: "net::ERR_BLOCKED_BY_CLIENT" }), 1400),
    );
    await recorder.observed(1, "doc1", snapshot({ storedClick: { local: null, cookie: null } }));
    await recorder.request(tracked(request(), 1500));
    await settle();
    const view = await recorder.session(1);
    const urls = view.timeline.flatMap((e) => (e.event.kind === "request" ? [e.event.url] : []));
    expect(urls).toContain(LAZY_SRC);
    // No snippet will ever say what became of the click: the lazy part that would is blocked.
    expect(view.ready).toBe(true);
    expect(view.findings.map((f) => f.id)).toContain("lazy-blocked-by-client");
  });

  it("starts a new page on navigation and drops late words from the page left", async () => {
    const { recorder } = setup();
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot());
    await recorder.mainFrame(1, "https://shop.example.com/checkout", 200);
    await recorder.observed(1, "doc1", snapshot({ url: PAGE_URL, phase: "settled" }));
    await recorder.observed(
      1,
      "doc2",
      snapshot({ url: "https://shop.example.com/checkout", tags: [] }),
    );
    const view = await recorder.session(1);
    expect(view.page?.url).toBe("https://shop.example.com/checkout");
    expect(view.findings.map((f) => f.id)).toEqual(["snippet-missing"]);
    const all = await recorder.session(1, true);
    expect(all.preserveLog).toBe(true);
    expect(all.timeline.filter((e) => e.event.kind === "navigation")).toHaveLength(2);
    expect(all.timeline.filter((e) => e.event.kind === "snapshot")).toHaveLength(2);
  });

  it("keeps one page when the main_frame event arrives after the document spoke (Firefox)", async () => {
    const { recorder } = setup();
    const next = "https://shop.example.com/checkout";
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot());
    // The navigation began at 900, but its webRequest event comes after doc2's first snapshot.
    await recorder.observed(1, "doc2", snapshot({ url: next, phase: "interactive" }));
    await recorder.mainFrame(1, next, 900);
    await recorder.observed(1, "doc2", snapshot({ url: next, phase: "settled" }));
    await settle();
    const view = await recorder.session(1);
    expect(view.page?.url).toBe(next);
    expect(view.ready).toBe(true);
    expect(view.timeline.filter((e) => e.event.kind === "navigation")).toHaveLength(1);
    expect(view.timeline.filter((e) => e.event.kind === "snapshot")).toHaveLength(2);
  });

  it("still starts a new page when the same URL is loaded again later (reload)", async () => {
    const { recorder } = setup();
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot());
    await recorder.mainFrame(1, PAGE_URL, 5000);
    await recorder.observed(1, "doc2", snapshot({ phase: "interactive" }));
    const all = await recorder.session(1, true);
    expect(all.pages).toHaveLength(2);
    const kinds = (await recorder.session(1)).timeline.map((e) => e.event.kind);
    expect(kinds.filter((k) => k === "navigation")).toHaveLength(1);
    expect(kinds.filter((k) => k === "snapshot")).toHaveLength(1);
  });

  it("notices a new document webRequest never announced (back/forward cache)", async () => {
    const { recorder } = setup();
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot());
    await recorder.observed(1, "doc9", snapshot({ url: "https://shop.example.com/back" }));
    expect((await recorder.session(1)).page?.url).toBe("https://shop.example.com/back");
  });

  it("keeps the session across a service-worker restart (new Recorder, same database)", async () => {
    const first = setup();
    await first.recorder.mainFrame(1, PAGE_URL, 100);
    await first.recorder.observed(1, "doc1", snapshot());
    await settle();
    const { recorder } = setup(first.name);
    await recorder.request(tracked(request({ status: 429, requestId: "req_after_restart" })));
    const view = await recorder.session(1);
    expect(view.findings.map((f) => f.id)).toContain("rate-limited");
  });

  it("clears a tab's log on demand", async () => {
    const { recorder } = setup();
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot());
    await recorder.clear(1);
    const view = await recorder.session(1);
    expect(view.timeline).toEqual([]);
    expect(view.page?.url).toBe(PAGE_URL);
  });
});

describe("Recorder change notices", () => {
  it("keep coming while a page never stops sending (throttled, not debounced)", async () => {
    const store = new SessionStore(
      new SessionDb(`recorder-throttle-${++n}`, { indexedDB, IDBKeyRange }),
    );
    const notices: number[] = [];
    const recorder = new Recorder({
      store,
      now: Date.now,
      checkKey: async (apiOrigin, key): Promise<KeyCheck> => ({
        kind: "key_check",
        apiOrigin,
        key,
        result: { valid: true, mode: "live", merchant: "Acme" },
        error: null,
        requestId: "req_chk",
      }),
      onSessionChanged: (_tabId, view) => notices.push(view.timeline.length),
      changeDelayMs: 100,
    });
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot());
    const until = Date.now() + 800;
    let i = 0;
    // Events back to back for 800 ms: a 100 ms debounce would not fire before they stop.
    while (Date.now() < until) {
      await recorder.observed(1, "doc1", { kind: "debug_event", event: { type: `e${i++}` } });
    }
    expect(notices.length).toBeGreaterThanOrEqual(3);
    expect(notices).toEqual([...notices].sort((a, b) => a - b));
  });
});

describe("Recorder stores only pages where Selgeo shows up", () => {
  it("keeps a page without a Selgeo tag in memory only, yet answers its session", async () => {
    const { recorder, name } = setup();
    const db = new SessionDb(name, { indexedDB, IDBKeyRange });
    await recorder.mainFrame(1, "https://plain.example/", 100);
    await recorder.observed(1, "doc1", snapshot({ url: "https://plain.example/", tags: [] }));
    for (let i = 0; i < 200; i++) {
      await recorder.observed(1, "doc1", { kind: "debug_event", event: { type: `fake${i}` } });
    }
    await settle();
    expect(await db.pages.count()).toBe(0);
    expect(await db.entries.count()).toBe(0);
    const view = await recorder.session(1);
    expect(view.stored).toBe(false);
    expect(view.page?.url).toBe("https://plain.example/");
    expect(view.findings.map((f) => f.id)).toContain("snippet-missing");
    expect(view.timeline.length).toBeLessThanOrEqual(50);
    expect(view.timeline[0]?.event.kind).toBe("navigation");
  });

  it("writes the page with what came before once its snapshot shows the tag", async () => {
    const { recorder, name } = setup();
    const db = new SessionDb(name, { indexedDB, IDBKeyRange });
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot({ tags: [] }));
    expect(await db.pages.count()).toBe(0);
    await recorder.observed(1, "doc1", snapshot());
    await settle();
    expect(await db.pages.count()).toBe(1);
    const kinds = (await db.entries.toArray()).map((e) => e.event.kind);
    expect(kinds.slice(0, 3)).toEqual(["navigation", "snapshot", "snapshot"]);
    const view = await recorder.session(1);
    expect(view.stored).toBe(true);
    expect(view.pages).toHaveLength(1);
  });

  it("forgets an unstored page when the tab moves on, keeping stored ones for Preserve log", async () => {
    const { recorder, name } = setup();
    const db = new SessionDb(name, { indexedDB, IDBKeyRange });
    await recorder.mainFrame(1, PAGE_URL, 100);
    await recorder.observed(1, "doc1", snapshot());
    await recorder.mainFrame(1, "https://plain.example/", 200);
    await recorder.observed(1, "doc2", snapshot({ url: "https://plain.example/", tags: [] }));
    // A late word from the first document must not start a page.
    await recorder.observed(1, "doc1", { kind: "debug_event", event: { type: "late" } });
    await recorder.mainFrame(1, "https://plain.example/next", 300);
    await recorder.observed(1, "doc2", { kind: "debug_event", event: { type: "late too" } });
    await settle();
    expect(await db.pages.count()).toBe(1);
    const view = await recorder.session(1, true);
    expect(view.pages.map((p) => p.url)).toEqual([PAGE_URL, "https://plain.example/next"]);
    expect(view.timeline.filter((e) => e.event.kind === "navigation")).toHaveLength(2);
    expect(view.timeline.some((e) => e.event.kind === "debug_event")).toBe(false);
  });
});

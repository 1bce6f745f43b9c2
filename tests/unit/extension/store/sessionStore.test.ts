import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { SessionDb } from "../../../../extension/store/db";
import {
  ENTRIES_KEPT_PER_PAGE,
  PAGES_KEPT_PER_TAB,
  SessionStore,
} from "../../../../extension/store/sessionStore";
import { request, snapshot } from "../timeline";

let dbCount = 0;
function openDb(name = `selgeo-test-${++dbCount}`) {
  return new SessionDb(name, { indexedDB, IDBKeyRange });
}

describe("SessionStore on IndexedDB (fake-indexeddb)", () => {
  it("keeps pages per tab with their entries in order", async () => {
    const store = new SessionStore(openDb());
    const first = await store.startPage(7, "https://a.example/", 100);
    await store.append(7, first.pageId, 110, snapshot());
    const second = await store.startPage(7, "https://a.example/next", 200, "tok");
    await store.append(7, second.pageId, 210, request());
    await store.startPage(8, "https://other.example/", 150);

    expect((await store.currentPage(7))?.pageId).toBe(second.pageId);
    expect((await store.pages(7)).map((p) => p.url)).toEqual([
      "https://a.example/",
      "https://a.example/next",
    ]);
    expect((await store.pageEntries(7, first.pageId)).map((e) => e.event.kind)).toEqual([
      "navigation",
      "snapshot",
    ]);
    expect((await store.tabEntries(7)).map((e) => e.event.kind)).toEqual([
      "navigation",
      "snapshot",
      "navigation",
      "request",
    ]);
  });

  it("survives a restart of the service worker: a new connection reads the same session", async () => {
    const name = `selgeo-restart-${++dbCount}`;
    const before = new SessionStore(openDb(name));
    const page = await before.startPage(3, "https://shop.example/", 1);
    await before.append(3, page.pageId, 2, request({ requestId: "req_kept" }));
    const after = new SessionStore(openDb(name));
    expect((await after.currentPage(3))?.pageId).toBe(page.pageId);
    const kept = await after.pageEntries(3, page.pageId);
    expect(kept.at(-1)?.event).toMatchObject({ kind: "request", requestId: "req_kept" });
  });

  it("clear empties the tab but keeps its current page for what comes next", async () => {
    const store = new SessionStore(openDb());
    await store.startPage(1, "https://a.example/", 1);
    const current = await store.startPage(1, "https://a.example/2", 2);
    await store.append(1, current.pageId, 3, request());
    await store.clearTab(1);
    expect(await store.tabEntries(1)).toEqual([]);
    expect((await store.pages(1)).map((p) => p.pageId)).toEqual([current.pageId]);
  });

  it("forgets closed tabs and keeps only the newest pages of a long-lived tab", async () => {
    const store = new SessionStore(openDb());
    for (let i = 0; i < PAGES_KEPT_PER_TAB + 3; i++)
      await store.startPage(5, `https://a.example/${i}`, i);
    await store.startPage(6, "https://b.example/", 1);
    const pages = await store.pages(5);
    expect(pages).toHaveLength(PAGES_KEPT_PER_TAB);
    expect(pages[0]?.url).toBe("https://a.example/3");
    await store.forgetTabsExcept([5]);
    expect(await store.pages(6)).toEqual([]);
    expect(await store.pages(5)).toHaveLength(PAGES_KEPT_PER_TAB);
  });

  it("caps the entries of one page, half for debug events and half for the rest", async () => {
    const store = new SessionStore(openDb());
    const page = await store.startPage(9, "https://a.example/", 0);
    for (let i = 0; i < ENTRIES_KEPT_PER_PAGE + 5; i++)
      await store.append(9, page.pageId, i, request());
    expect(await store.pageEntries(9, page.pageId)).toHaveLength(ENTRIES_KEPT_PER_PAGE / 2);
    for (let i = 0; i < ENTRIES_KEPT_PER_PAGE; i++)
      await store.append(9, page.pageId, 1000 + i, { kind: "debug_event", event: { type: "x" } });
    expect(await store.pageEntries(9, page.pageId)).toHaveLength(ENTRIES_KEPT_PER_PAGE);
  });

  it("a flood of debug events cannot crowd out the page's latest snapshot", async () => {
    const store = new SessionStore(openDb());
    const page = await store.startPage(10, "https://a.example/", 0);
    for (let i = 0; i < ENTRIES_KEPT_PER_PAGE; i++)
      await store.append(10, page.pageId, i + 1, { kind: "debug_event", event: { type: "x" } });
    expect(await store.append(10, page.pageId, 900, snapshot({ phase: "settled" }))).toBe(true);
    // With the other half full too, a new snapshot replaces the previous one.
    for (let i = 0; i < ENTRIES_KEPT_PER_PAGE; i++)
      await store.append(10, page.pageId, 1000 + i, request());
    expect(
      await store.append(10, page.pageId, 5000, snapshot({ url: "https://a.example/#late" })),
    ).toBe(true);
    const snapshots = (await store.pageEntries(10, page.pageId)).filter(
      (e) => e.event.kind === "snapshot",
    );
    expect(snapshots.map((e) => e.event.kind === "snapshot" && e.event.url)).toEqual([
      "https://a.example/#late",
    ]);
  });
});

describe("SessionStore limits what a page can make it store", () => {
  it("bounds a flooding page's record in characters and counts what it dropped", async () => {
    const { MAX_PAGE_CHARS, MAX_DEBUG_EVENT_CHARS } = await import(
      "../../../../extension/store/caps"
    );
    const db = openDb();
    const store = new SessionStore(db);
    const page = await store.startPage(3, "https://hostile.example/", 1);
    let stored = 0;
    for (let i = 0; i < 400; i++) {
      const ok = await store.append(3, page.pageId, 2 + i, {
        kind: "debug_event",
        event: { type: "flood", blob: "x".repeat(50_000 + i) },
      });
      if (ok) stored++;
    }
    const entries = await store.pageEntries(3, page.pageId);
    const chars = entries.reduce((sum, e) => sum + JSON.stringify(e.event).length, 0);
    expect(chars).toBeLessThanOrEqual(MAX_PAGE_CHARS);
    for (const e of entries) {
      expect(JSON.stringify(e.event).length).toBeLessThanOrEqual(MAX_DEBUG_EVENT_CHARS);
    }
    expect(stored).toBeLessThan(400);
    expect(await store.dropped(page.pageId)).toBe(400 - stored);
    // The whole database, not just one query's view of it.
    const all = await db.entries.toArray();
    expect(all.reduce((sum, e) => sum + JSON.stringify(e.event).length, 0)).toBeLessThanOrEqual(
      MAX_PAGE_CHARS,
    );
  });

  it("cuts a page-chosen URL", async () => {
    const store = new SessionStore(openDb());
    const page = await store.startPage(4, `https://a.example/?q=${"q".repeat(100_000)}`, 1);
    expect(page.url.length).toBeLessThan(2100);
    const [nav] = await store.pageEntries(4, page.pageId);
    expect(JSON.stringify(nav?.event).length).toBeLessThan(20_000);
  });
});

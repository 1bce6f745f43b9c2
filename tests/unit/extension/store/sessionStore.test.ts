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

  it("caps the entries of one page", async () => {
    const store = new SessionStore(openDb());
    const page = await store.startPage(9, "https://a.example/", 0);
    for (let i = 0; i < ENTRIES_KEPT_PER_PAGE + 5; i++)
      await store.append(9, page.pageId, i, request());
    expect(await store.pageEntries(9, page.pageId)).toHaveLength(ENTRIES_KEPT_PER_PAGE);
  });
});

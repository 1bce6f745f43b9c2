// Reads and writes of per-tab sessions. Everything the background records goes through here, so
// the panel, the export and the doctor read exactly what was stored.
import { Dexie } from "dexie";
import type { Page, TimelineEntry, TimelineEvent } from "../session/events";
import type { SessionDb } from "./db";

/** Pages kept per tab; older ones go so a long-lived tab cannot fill the disk. */
export const PAGES_KEPT_PER_TAB = 20;
/** Entries kept per page: a page that loops clicks (429s) stays readable. */
export const ENTRIES_KEPT_PER_PAGE = 500;

export class SessionStore {
  constructor(
    private readonly db: SessionDb,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  async startPage(tabId: number, url: string, at: number, documentToken: string | null = null) {
    const page: Page = { pageId: this.newId(), tabId, url, startedAt: at, documentToken };
    await this.db.transaction("rw", this.db.pages, this.db.entries, async () => {
      await this.db.pages.add(page);
      await this.db.entries.add({
        tabId,
        pageId: page.pageId,
        at,
        event: { kind: "navigation", url },
      });
    });
    await this.prunePages(tabId);
    return page;
  }

  async currentPage(tabId: number): Promise<Page | undefined> {
    return this.db.pages
      .where("[tabId+startedAt]")
      .between([tabId, Dexie.minKey], [tabId, Dexie.maxKey])
      .last();
  }

  async setDocumentToken(pageId: string, token: string) {
    await this.db.pages.update(pageId, { documentToken: token });
  }

  async setPageUrl(pageId: string, url: string) {
    await this.db.pages.update(pageId, { url });
  }

  async append(tabId: number, pageId: string, at: number, event: TimelineEvent): Promise<void> {
    const count = await this.db.entries.where("[tabId+pageId]").equals([tabId, pageId]).count();
    if (count >= ENTRIES_KEPT_PER_PAGE) return;
    await this.db.entries.add({ tabId, pageId, at, event });
  }

  async pages(tabId: number): Promise<Page[]> {
    return this.db.pages
      .where("[tabId+startedAt]")
      .between([tabId, Dexie.minKey], [tabId, Dexie.maxKey])
      .toArray();
  }

  /** One page's entries in recording order. */
  async pageEntries(tabId: number, pageId: string): Promise<TimelineEntry[]> {
    return this.db.entries.where("[tabId+pageId]").equals([tabId, pageId]).sortBy("id");
  }

  /** Every page of the tab, oldest first: the "preserve log" view. */
  async tabEntries(tabId: number): Promise<TimelineEntry[]> {
    return this.db.entries.where("tabId").equals(tabId).sortBy("id");
  }

  /** Forget the tab's history but keep its current page, empty, so recording goes on. */
  async clearTab(tabId: number): Promise<void> {
    const current = await this.currentPage(tabId);
    await this.db.transaction("rw", this.db.pages, this.db.entries, async () => {
      await this.db.entries.where("tabId").equals(tabId).delete();
      await this.db.pages
        .where("tabId")
        .equals(tabId)
        .filter((p) => p.pageId !== current?.pageId)
        .delete();
    });
  }

  async forgetTab(tabId: number): Promise<void> {
    await this.db.transaction("rw", this.db.pages, this.db.entries, async () => {
      await this.db.entries.where("tabId").equals(tabId).delete();
      await this.db.pages.where("tabId").equals(tabId).delete();
    });
  }

  /** Drop sessions of tabs that no longer exist (closed while the worker was asleep). */
  async forgetTabsExcept(liveTabIds: number[]): Promise<void> {
    const live = new Set(liveTabIds);
    const stored = new Set((await this.db.pages.toArray()).map((p) => p.tabId));
    for (const tabId of stored) if (!live.has(tabId)) await this.forgetTab(tabId);
  }

  private async prunePages(tabId: number): Promise<void> {
    const pages = await this.pages(tabId);
    const old = pages.slice(0, Math.max(0, pages.length - PAGES_KEPT_PER_TAB));
    if (old.length === 0) return;
    const ids = old.map((p) => p.pageId);
    await this.db.transaction("rw", this.db.pages, this.db.entries, async () => {
      await this.db.pages.bulkDelete(ids);
      await this.db.entries
        .where("tabId")
        .equals(tabId)
        .filter((e) => ids.includes(e.pageId))
        .delete();
    });
  }
}

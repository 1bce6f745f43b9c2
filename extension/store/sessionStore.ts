// Reads and writes of per-tab sessions. Everything the background records goes through here, so
// the panel, the export and the doctor read exactly what was stored.
import { Dexie } from "dexie";
import type { Page, TimelineEntry, TimelineEvent } from "../session/events";
import { capEvent, MAX_PAGE_CHARS, TRUNCATED_MARK } from "./caps";
import type { PageUsage, SessionDb } from "./db";

/** Pages kept per tab; older ones go so a long-lived tab cannot fill the disk. */
export const PAGES_KEPT_PER_TAB = 20;
/** Entries kept per page: a page that loops clicks (429s) stays readable. */
export const ENTRIES_KEPT_PER_PAGE = 500;
/** A page's URL is the page's to choose: kept this long. */
const MAX_URL_CHARS = 2048;

function capUrl(url: string): string {
  return url.length > MAX_URL_CHARS ? `${url.slice(0, MAX_URL_CHARS)}${TRUNCATED_MARK}` : url;
}

export class SessionStore {
  constructor(
    private readonly db: SessionDb,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** A page not yet written: the recorder keeps it in memory until Selgeo shows up on it. */
  newPage(tabId: number, url: string, at: number, documentToken: string | null = null): Page {
    return { pageId: this.newId(), tabId, url: capUrl(url), startedAt: at, documentToken };
  }

  async startPage(tabId: number, url: string, at: number, documentToken: string | null = null) {
    const page = this.newPage(tabId, url, at, documentToken);
    await this.savePage(page, [
      { tabId, pageId: page.pageId, at, event: { kind: "navigation", url } },
    ]);
    return page;
  }

  /** Writes a page with the entries recorded so far (each through the caps). */
  async savePage(page: Page, entries: TimelineEntry[]): Promise<void> {
    await this.db.transaction("rw", this.db.pages, this.db.entries, this.db.usage, async () => {
      await this.db.pages.add({ ...page, url: capUrl(page.url) });
      for (const e of entries) await this.append(page.tabId, page.pageId, e.at, e.event);
    });
    await this.prunePages(page.tabId);
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

  /**
   * Stores one event, cut to its size limit, unless its half of the page's record is full:
   * `selgeo:debug` events (which any page can fire) get one half, what the extension itself
   * observed (snapshots, requests, CSP violations, key checks) the other, so a flood of debug
   * events cannot crowd out the evidence. A snapshot that finds its half full replaces the
   * page's previous snapshot (the rules read the latest). Otherwise the event is only counted
   * as dropped. Returns whether it was stored.
   */
  async append(tabId: number, pageId: string, at: number, event: TimelineEvent): Promise<boolean> {
    const { event: capped, chars } = capEvent(event);
    const debug = capped.kind === "debug_event";
    const maxEntries = ENTRIES_KEPT_PER_PAGE / 2;
    const maxChars = MAX_PAGE_CHARS / 2;
    return this.db.transaction("rw", this.db.entries, this.db.usage, async () => {
      const usage: PageUsage = (await this.db.usage.get(pageId)) ?? {
        pageId,
        tabId,
        entries: 0,
        chars: 0,
        dropped: 0,
      };
      const debugEntries = usage.debugEntries ?? 0;
      const debugChars = usage.debugChars ?? 0;
      const half = debug
        ? { entries: debugEntries, chars: debugChars }
        : { entries: usage.entries - debugEntries, chars: usage.chars - debugChars };
      let fits = half.entries < maxEntries && half.chars + chars <= maxChars;
      if (!fits && capped.kind === "snapshot") {
        const previous = (
          await this.db.entries.where("[tabId+pageId]").equals([tabId, pageId]).sortBy("id")
        ).findLast((e) => e.event.kind === "snapshot");
        if (previous?.id !== undefined) {
          const freed = JSON.stringify(previous.event).length;
          if (half.chars - freed + chars <= maxChars) {
            await this.db.entries.delete(previous.id);
            usage.entries -= 1;
            usage.chars -= freed;
            fits = true;
          }
        }
      }
      if (!fits) usage.dropped += 1;
      else {
        await this.db.entries.add({ tabId, pageId, at, event: capped });
        usage.entries += 1;
        usage.chars += chars;
        if (debug) {
          usage.debugEntries = debugEntries + 1;
          usage.debugChars = debugChars + chars;
        }
      }
      await this.db.usage.put(usage);
      return fits;
    });
  }

  /** Events of the page not stored because its record was full. */
  async dropped(pageId: string): Promise<number> {
    return (await this.db.usage.get(pageId))?.dropped ?? 0;
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

  /**
   * Forget the tab's history but keep its current page, empty, so recording goes on. `keep` is
   * null when the page on screen is not stored (nothing of Selgeo seen on it yet).
   */
  async clearTab(tabId: number, keep?: string | null): Promise<void> {
    const currentId = keep === undefined ? (await this.currentPage(tabId))?.pageId : keep;
    const current = currentId ? { pageId: currentId } : undefined;
    await this.db.transaction("rw", this.db.pages, this.db.entries, this.db.usage, async () => {
      await this.db.entries.where("tabId").equals(tabId).delete();
      await this.db.usage.where("tabId").equals(tabId).delete();
      await this.db.pages
        .where("tabId")
        .equals(tabId)
        .filter((p) => p.pageId !== current?.pageId)
        .delete();
    });
  }

  async forgetTab(tabId: number): Promise<void> {
    await this.db.transaction("rw", this.db.pages, this.db.entries, this.db.usage, async () => {
      await this.db.entries.where("tabId").equals(tabId).delete();
      await this.db.usage.where("tabId").equals(tabId).delete();
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
    await this.db.transaction("rw", this.db.pages, this.db.entries, this.db.usage, async () => {
      await this.db.pages.bulkDelete(ids);
      await this.db.usage.bulkDelete(ids);
      await this.db.entries
        .where("tabId")
        .equals(tabId)
        .filter((e) => ids.includes(e.pageId))
        .delete();
    });
  }
}
